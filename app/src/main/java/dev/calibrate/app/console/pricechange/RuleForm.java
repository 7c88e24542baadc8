package dev.calibrate.app.console.pricechange;

import java.util.ArrayList;
import java.util.List;

/**
 * What the rule builder form posts: the change's definition with its selector conditions and
 * transform steps as rows. Mutable because Spring binds the rows ({@code conditions[0].field})
 * into it; {@link RuleDocument} turns it into the rule the API takes and back.
 */
public class RuleForm {

    private String name = "";
    private String currency = "USD";
    private String compareAt = "keep";
    private String scheduleAt = "";
    private String expiresAt = "";
    private String note = "";
    private boolean everything;
    /** A selector the rows cannot show (nested any/not), kept as JSON so saving does not lose it. */
    private String selectorJson = "";
    private List<ConditionRow> conditions = new ArrayList<>();
    private List<StepRow> steps = new ArrayList<>();
    /** Which row button was pressed: addCondition, removeCondition:2, addStep, removeStep:0. */
    private String edit = "";

    /** A new change starts with one empty row of each, so the builder shows what it wants. */
    public static RuleForm blank() {
        RuleForm form = new RuleForm();
        form.conditions.add(new ConditionRow());
        form.steps.add(new StepRow());
        return form;
    }

    /** Applies the pressed row button; anything else leaves the rows as typed. */
    public void applyEdit() {
        String action = edit == null ? "" : edit;
        if (action.equals("addCondition")) {
            conditions.add(new ConditionRow());
        } else if (action.equals("addStep")) {
            steps.add(new StepRow());
        } else if (action.startsWith("removeCondition:")) {
            remove(conditions, action.substring("removeCondition:".length()));
        } else if (action.startsWith("removeStep:")) {
            remove(steps, action.substring("removeStep:".length()));
        }
        edit = "";
    }

    private static void remove(List<?> rows, String index) {
        try {
            int i = Integer.parseInt(index);
            if (i >= 0 && i < rows.size()) {
                rows.remove(i);
            }
        } catch (NumberFormatException e) {
            // a forged index removes nothing
        }
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getCurrency() { return currency; }
    public void setCurrency(String currency) { this.currency = currency; }
    public String getCompareAt() { return compareAt; }
    public void setCompareAt(String compareAt) { this.compareAt = compareAt; }
    public String getScheduleAt() { return scheduleAt; }
    public void setScheduleAt(String scheduleAt) { this.scheduleAt = scheduleAt; }
    public String getExpiresAt() { return expiresAt; }
    public void setExpiresAt(String expiresAt) { this.expiresAt = expiresAt; }
    public String getNote() { return note; }
    public void setNote(String note) { this.note = note; }
    public boolean isEverything() { return everything; }
    public void setEverything(boolean everything) { this.everything = everything; }
    public String getSelectorJson() { return selectorJson; }
    public void setSelectorJson(String selectorJson) { this.selectorJson = selectorJson; }
    public List<ConditionRow> getConditions() { return conditions; }
    public void setConditions(List<ConditionRow> conditions) { this.conditions = conditions; }
    public List<StepRow> getSteps() { return steps; }
    public void setSteps(List<StepRow> steps) { this.steps = steps; }
    public String getEdit() { return edit; }
    public void setEdit(String edit) { this.edit = edit; }

    /** One selector leaf: {@code field op value}; lists are comma-separated, exists takes true or false. */
    public static class ConditionRow {
        private String field = "tags";
        private String op = "contains";
        private String value = "";

        public ConditionRow() {
        }

        ConditionRow(String field, String op, String value) {
            this.field = field;
            this.op = op;
            this.value = value;
        }

        public String getField() { return field; }
        public void setField(String field) { this.field = field; }
        public String getOp() { return op; }
        public void setOp(String op) { this.op = op; }
        public String getValue() { return value; }
        public void setValue(String value) { this.value = value; }
    }

    /**
     * One transform step. {@code value} is the step's main number or amount (percent, amount, markup,
     * offset percent); {@code extra} is round's ending or increment, or match_competitor's offset amount.
     */
    public static class StepRow {
        private String op = "percent";
        private String value = "";
        private String mode = "";
        private String extra = "";
        private String strategy = "";
        private String maxAgeHours = "";

        public String getOp() { return op; }
        public void setOp(String op) { this.op = op; }
        public String getValue() { return value; }
        public void setValue(String value) { this.value = value; }
        public String getMode() { return mode; }
        public void setMode(String mode) { this.mode = mode; }
        public String getExtra() { return extra; }
        public void setExtra(String extra) { this.extra = extra; }
        public String getStrategy() { return strategy; }
        public void setStrategy(String strategy) { this.strategy = strategy; }
        public String getMaxAgeHours() { return maxAgeHours; }
        public void setMaxAgeHours(String maxAgeHours) { this.maxAgeHours = maxAgeHours; }
    }
}
