package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules on what one expression may compute, where PostgreSQL checks the timeout only between rows: one
 * {@code numeric} operation on numbers of tens of thousands of digits takes a second, and a few levels of
 * {@code t || t} make one text of hundreds of MB. So a statement may multiply or divide only a few times
 * ({@link #MAX_PRODUCTS}), never raise to a power ({@code ^}; {@code power} and {@code exp} are off the
 * allow-list), and a chain of {@code ||} joins at most one operand that is not a literal, so that a text
 * grows by constants, never doubles. Literal sizes are checked on the printed text ({@link LiteralSizes}).
 */
final class ArithmeticRules {

    /** {@code *}, {@code /}, {@code %} and {@code DIV} in one statement. */
    static final int MAX_PRODUCTS = 8;

    private int products;

    void clear() {
        products = 0;
    }

    /** A multiplication, division or modulo: counted over the whole statement. */
    void product(String operator) {
        if (++products > MAX_PRODUCTS) {
            throw new Refused(Rule.COST, "more than " + MAX_PRODUCTS + " uses of *, / and % in one statement ("
                    + operator + ")");
        }
    }

    static void power() {
        throw new Refused(Rule.COST, "the ^ operator (a power) is not allowed: its result can have too many digits");
    }

    /** The outermost {@code ||} of a chain: its operands but one must be literals. */
    static void concat(Concat concat) {
        List<Expression> operands = new ArrayList<>();
        flatten(concat, operands);
        long computed = operands.stream().filter(operand -> !literal(operand)).count();
        if (computed > 1) {
            throw new Refused(Rule.COST, "|| may join one column or expression with texts, not two ("
                    + concat + "): a text joined to itself doubles at each level");
        }
    }

    private static void flatten(Expression expression, List<Expression> operands) {
        if (expression instanceof Concat concat) {
            flatten(concat.getLeftExpression(), operands);
            flatten(concat.getRightExpression(), operands);
        } else {
            operands.add(expression);
        }
    }

    private static boolean literal(Expression expression) {
        return expression instanceof StringValue || expression instanceof LongValue
                || expression instanceof DoubleValue || expression instanceof NullValue;
    }
}
