package dev.calibrate.command.pricechange;

import dev.calibrate.app.CalibrateApplication;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.command.pricechange.preview.CopyBinary;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ContextConfiguration;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL reads the binary COPY a preview writes ({@link CopyBinary}) as the values written: each
 * amount as the same number at the same scale, and into a column of fixed scale as the text of it
 * would be; ids, numbers, texts and arrays of text as they were.
 */
@ContextConfiguration(classes = CalibrateApplication.class) // found by search from dev.calibrate.app otherwise
class PreviewRowsCopyTest extends IntegrationTest {

    @Autowired
    Environment env;

    @Test
    void everyAmountReadsBackAsItsTextWouldInBothKindsOfColumn() throws SQLException {
        List<BigDecimal> amounts = new ArrayList<>();
        for (String edge : List.of("0", "0.0000", "-0.01", "1", "9999", "10000", "10000.0001", "0.0001", "0.00001",
                "12.99", "-13.40", "100000000", "99999999999999.9999", "-99999999999999.9999", "123456789012.5",
                "0.00005", "-0.00005", "1.23456", "10.0000", "0.1234567890123456", "0.00001234567890123456")) {
            amounts.add(new BigDecimal(edge));
        }
        Random random = new Random(14);
        for (int i = 0; i < 3_000; i++) {
            BigInteger unscaled = new BigInteger(1 + random.nextInt(60), random);
            // scales past the digits too: amounts below 1 with leading zeros after the point
            amounts.add(new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), random.nextInt(25)));
        }
        try (Connection connection = connect()) {
            execute(connection, "CREATE TEMP TABLE amounts (n integer, free numeric, money numeric(20, 4), text text)");
            copy(connection, "COPY amounts (n, free, money) FROM STDIN WITH (FORMAT binary)", rows -> {
                for (int n = 0; n < amounts.size(); n++) {
                    BigDecimal amount = amounts.get(n);
                    // a numeric(20, 4) holds at most 16 whole digits
                    BigDecimal money = amount.abs().compareTo(new BigDecimal("1E15")) < 0 ? amount : null;
                    rows.row(3).integer(n).numeric(amount).numeric(money);
                }
            });
            try (PreparedStatement text = connection.prepareStatement("UPDATE amounts SET text = ? WHERE n = ?")) {
                for (int n = 0; n < amounts.size(); n++) {
                    text.setString(1, amounts.get(n).toPlainString());
                    text.setInt(2, n);
                    text.addBatch();
                }
                text.executeBatch();
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT n, free::text, text,"
                         + " money IS NOT DISTINCT FROM CASE WHEN money IS NULL THEN NULL ELSE text::numeric(20, 4) END"
                         + " AS money_as_text FROM amounts ORDER BY n")) {
                int read = 0;
                while (rows.next()) {
                    assertThat(rows.getString("free")).as("amount %d", rows.getInt("n")).isEqualTo(rows.getString("text"));
                    assertThat(rows.getBoolean("money_as_text")).as("amount %s in numeric(20, 4)", rows.getString("text"))
                            .isTrue();
                    read++;
                }
                assertThat(read).isEqualTo(amounts.size());
            }
        }
    }

    @Test
    void idsNumbersTextsAndArraysOfTextReadBackAsWritten() throws SQLException {
        UUID id = UUID.randomUUID();
        String text = "Grüße, \"quoted\", back\\slash\nnew line, 🙂";
        try (Connection connection = connect()) {
            execute(connection, "CREATE TEMP TABLE fields (id uuid, n integer, t text, c char(3), a text[], e text[], z text)");
            copy(connection, "COPY fields FROM STDIN WITH (FORMAT binary)", rows -> rows.row(7).uuid(id)
                    .integer(Integer.MIN_VALUE).text(text).text("USD")
                    .field(CopyBinary.textArray(List.of("amazon", "shop\"i{f}y", "a,b", "NULL")))
                    .field(CopyBinary.textArray(List.of())).text(null));
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT * FROM fields")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getObject("id", UUID.class)).isEqualTo(id);
                assertThat(row.getInt("n")).isEqualTo(Integer.MIN_VALUE);
                assertThat(row.getString("t")).isEqualTo(text);
                assertThat(row.getString("c")).isEqualTo("USD");
                Array channels = row.getArray("a");
                assertThat((String[]) channels.getArray()).containsExactly("amazon", "shop\"i{f}y", "a,b", "NULL");
                assertThat((String[]) row.getArray("e").getArray()).isEmpty();
                assertThat(row.getString("z")).isNull();
                assertThat(row.next()).isFalse();
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(env.getRequiredProperty("spring.datasource.url"), "postgres", "");
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void copy(Connection connection, String sql, Consumer<CopyBinary> rows) throws SQLException {
        CopyBinary copy = new CopyBinary(1 << 16).raw(CopyBinary.HEADER);
        rows.accept(copy);
        byte[] bytes = copy.raw(CopyBinary.TRAILER).toByteArray();
        CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        in.writeToCopy(bytes, 0, bytes.length);
        in.endCopy();
    }
}
