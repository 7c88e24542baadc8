package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import net.sf.jsqlparser.expression.ArrayExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.KeepExpression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.JsonAggregateFunction;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.JsonFunction;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.TranscodingFunction;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.VariableAssignment;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.WindowOffset;
import net.sf.jsqlparser.expression.XMLSerializeExpr;
import net.sf.jsqlparser.expression.operators.relational.IsUnknownExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.statement.select.FunctionAllColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * The library's walk of a statement made complete for the guard: the parts of an expression it skips (an array's
 * index, an AT TIME ZONE zone, a LIKE's ESCAPE, window frames) are walked too, so that no call or cast hides there,
 * and the forms no question needs (sequences, XML, JSON, variables, parameters) are refused where they are met.
 * {@link SelectInspector} adds the rules on relations, names and calls.
 */
abstract class CompleteWalk extends TablesNamesFinder<Void> {

    /** {@code x[i]} and {@code x[a:b]}: the library's walk reads the index only when there is a slice. */
    @Override
    public <S> Void visit(ArrayExpression expression, S context) {
        walk(expression.getObjExpression());
        walk(expression.getIndexExpression());
        walk(expression.getStartIndexExpression());
        walk(expression.getStopIndexExpression());
        return null;
    }

    /** {@code x AT TIME ZONE zone}: the library's walk leaves the zone out. */
    @Override
    public <S> Void visit(TimezoneExpression expression, S context) {
        walk(expression.getLeftExpression());
        if (expression.getTimezoneExpressions() != null) {
            expression.getTimezoneExpressions().forEach(this::walk);
        }
        return null;
    }

    /** {@code x IS [NOT] UNKNOWN}: the library's walk leaves x out. */
    @Override
    public <S> Void visit(IsUnknownExpression expression, S context) {
        walk(expression.getLeftExpression());
        return null;
    }

    /** {@code (f(x)).*}: a field of an expression, which PostgreSQL may read as a call on a whole row. */
    @Override
    public <S> Void visit(FunctionAllColumns expression, S context) {
        throw new Refused(Rule.ALLOWED_FUNCTIONS, "the columns of an expression: " + expression);
    }

    /** {@code a -> b}, {@code a ->> b}: no view has a JSON column, and the library's walk leaves b out. */
    @Override
    public <S> Void visit(JsonExpression expression, S context) {
        throw new Refused(Rule.ALLOWED_FUNCTIONS, "JSON operators, and array slices x[a:b] (which the parser "
                + "reads as one), are not allowed");
    }

    @Override
    public <S> Void visit(KeepExpression expression, S context) {
        throw new Refused(Rule.ALLOWED_FUNCTIONS, "KEEP is not allowed");
    }

    /** {@code x LIKE y ESCAPE e}: the library's walk leaves the escape out. */
    @Override
    public <S> Void visit(LikeExpression expression, S context) {
        super.visit(expression, context);
        walk(expression.getEscape());
        return null;
    }

    @Override
    public <S> Void visit(NextValExpression expression, S context) {
        throw new Refused(Rule.ALLOWED_FUNCTIONS, "sequences are not readable");
    }

    @Override
    public <S> Void visit(XMLSerializeExpr expression, S context) {
        throw new Refused(Rule.ALLOWED_FUNCTIONS, "XML functions are not allowed");
    }

    @Override
    public <S> Void visit(JsonFunction expression, S context) {
        throw new Refused(Rule.ALLOWED_FUNCTIONS, "JSON functions are not allowed");
    }

    @Override
    public <S> Void visit(JsonAggregateFunction expression, S context) {
        throw new Refused(Rule.ALLOWED_FUNCTIONS, "JSON functions are not allowed");
    }

    @Override
    public <S> Void visit(MySQLGroupConcat expression, S context) {
        throw new Refused(Rule.ALLOWED_FUNCTIONS, "GROUP_CONCAT is not allowed");
    }

    @Override
    public <S> Void visit(TranscodingFunction expression, S context) {
        throw new Refused(Rule.ALLOWED_FUNCTIONS, "CONVERT is not allowed");
    }

    @Override
    public <S> Void visit(UserVariable variable, S context) {
        throw new Refused(Rule.PLAIN_LITERALS, "variables are not allowed");
    }

    @Override
    public <S> Void visit(VariableAssignment assignment, S context) {
        throw new Refused(Rule.PLAIN_LITERALS, "variables are not allowed");
    }

    @Override
    public <S> Void visit(JdbcParameter parameter, S context) {
        throw new Refused(Rule.PLAIN_LITERALS, "parameters are not allowed");
    }

    @Override
    public <S> Void visit(JdbcNamedParameter parameter, S context) {
        throw new Refused(Rule.PLAIN_LITERALS, "parameters are not allowed");
    }

    protected final void walk(OrderByElement element) {
        walk(element.getExpression());
    }

    protected final void walk(WindowDefinition definition) {
        if (definition == null) {
            return;
        }
        if (definition.getPartitionExpressionList() != null) {
            walk(definition.getPartitionExpressionList());
        }
        if (definition.getOrderByElements() != null) {
            definition.getOrderByElements().forEach(this::walk);
        }
        walk(definition.getWindowElement());
    }

    /** A frame: ROWS / RANGE / GROUPS with offsets that may be any expression, a subquery too. */
    protected final void walk(WindowElement element) {
        if (element == null) {
            return;
        }
        walk(element.getOffset());
        if (element.getRange() != null) {
            walk(element.getRange().getStart());
            walk(element.getRange().getEnd());
        }
    }

    protected final void walk(WindowOffset offset) {
        if (offset != null) {
            walk(offset.getExpression());
        }
    }

    protected final void walk(Expression expression) {
        if (expression != null) {
            expression.accept(this, null);
        }
    }
}
