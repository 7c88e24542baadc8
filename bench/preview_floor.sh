# Sourced by pricechange.sh after its run, while the server's embedded PostgreSQL is still up: the
# preview's same-run floor. The rows the preview just stored (narrow: prices and compact explain
# inputs) are copied out, then COPY'd back with psql into a fresh table shaped like
# price_change_item, in the binary format the preview sends: the preview's storing with no Java in the
# loop. Writes preview_floor.txt in OUT.
# Needs PG_PORT, OUT and the change id in OUT/pricechange.json.

run_preview_floor() {
    local change rows psql_cmd
    change="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["change"])' "$OUT/pricechange.json")"
    psql_cmd=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres)
    rows="$DATA/preview-rows.copy"
    # one line: psql's \copy is a one-line command
    local columns="tenant_id, price_change_id, preview_hash, seq, product_id, sku, currency, status, current_price,"
    columns+=" proposed_price, delta, delta_percent, current_compare_at, proposed_compare_at, reasons, explain_inputs, channels"
    echo "== preview floor: the preview's rows COPY'd by psql into a fresh table with the same indexes (no Java)"
    "${psql_cmd[@]}" -c "\\copy (SELECT $columns FROM price_change_item WHERE price_change_id = '$change' ORDER BY seq) TO '$rows' WITH (FORMAT binary)"
    "${psql_cmd[@]}" -c "DROP TABLE IF EXISTS bench_preview_floor; CREATE TABLE bench_preview_floor (LIKE price_change_item INCLUDING ALL)"
    python3 - "$rows" "$OUT/preview_floor.txt" "$columns" "${psql_cmd[@]}" <<'PY'
import os, subprocess, sys, time
rows, out, columns, psql = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
size = os.path.getsize(rows)
# one transaction, as the preview's own COPY into the table's one partition
script = (f"BEGIN;\n\\copy bench_preview_floor ({columns}) FROM '{rows}' WITH (FORMAT binary)\nCOMMIT;\n")
t = time.perf_counter()
subprocess.run(psql + ["-f", "-"], input=script.encode(), check=True)
seconds = time.perf_counter() - t
count = int(subprocess.run(psql + ["-At", "-c", "SELECT count(*) FROM bench_preview_floor"], check=True,
                           capture_output=True, text=True).stdout)
subprocess.run(psql + ["-c", "DROP TABLE bench_preview_floor"], check=True)
with open(out, "w") as f:
    f.write(f"floor_rows={count}\nfloor_bytes_per_row={size / max(count, 1):.0f}\nfloor_copy_s={seconds:.3f}\n")
print(f"   {count:,} rows ({size / max(count, 1):.0f} bytes each in the binary format) COPY'd in {seconds:.2f} s")
PY
}
