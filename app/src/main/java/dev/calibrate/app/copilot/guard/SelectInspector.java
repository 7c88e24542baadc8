package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.ArrayExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.JsonAggregateFunction;
import net.sf.jsqlparser.expression.JsonFunction;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.TranscodingFunction;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.VariableAssignment;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.WindowOffset;
import net.sf.jsqlparser.expression.XMLSerializeExpr;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseXor;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.List;
import java.util.Set;

/**
 * Walks a parsed SELECT everywhere a table, a subquery, a column or a call can stand (the library's walk,
 * plus the clauses it leaves out: GROUP BY, HAVING, ORDER BY, window definitions, OFFSET …) and hands each
 * to the rules: {@link RelationRules} (INTO, locking, CTEs, copilot views, rewritten {@code copilot.<view>}),
 * {@link NameScopes} (what a qualified column names) and {@link CallRules} (functions and casts). Forms no
 * question needs (sequences, XML, JSON, variables, parameters) are refused where they are met.
 */
final class SelectInspector extends CompleteWalk {

    private final NameScopes scopes = new NameScopes();
    private final RelationRules relations = new RelationRules(scopes);
    private final ArithmeticRules arithmetic = new ArithmeticRules();

    void inspect(Select select) {
        init(false);
        scopes.clear();
        relations.clear();
        arithmetic.clear();
        select.accept((net.sf.jsqlparser.statement.select.SelectVisitor<Void>) this, null);
    }

    Set<String> views() {
        return relations.views();
    }

    Set<String> cteNames() {
        return scopes.cteNames();
    }

    @Override
    public <S> Void visit(WithItem<?> withItem, S context) {
        String name = RelationRules.checkCte(withItem);
        PlanningFences.materialize(withItem);
        super.visit(withItem, context);
        relations.defineCte(withItem, name);
        return null;
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
        RelationRules.checkInto(select);
        RelationRules.checkLocking(select);
        RelationRules.checkAliases(select);
        DialectRules.check(select);
        PlanningFences.fence(select);
        scopes.enter(select);
        try {
            inspectPlain(select, context);
        } finally {
            scopes.leave();
        }
        return null;
    }

    private <S> void inspectPlain(PlainSelect select, S context) {
        super.visit(select, context);
        if (select.getGroupBy() != null) {
            walk(select.getGroupBy().getGroupByExpressionList());
            if (select.getGroupBy().getGroupingSets() != null) {
                select.getGroupBy().getGroupingSets().forEach(this::walk);
            }
        }
        walk(select.getHaving());
        walk(select.getQualify());
        if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
            select.getDistinct().getOnSelectItems().forEach(item -> walk(item.getExpression()));
        }
        if (select.getWindowDefinitions() != null) {
            select.getWindowDefinitions().forEach(this::walk);
        }
        walkTail(select);
    }

    @Override
    public <S> Void visit(SetOperationList list, S context) {
        RelationRules.checkLocking(list);
        scopes.enter(null);
        try {
            super.visit(list, context);
            walkTail(list);
        } finally {
            scopes.leave();
        }
        return null;
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
        RelationRules.checkLocking(select);
        scopes.enter(null);
        try {
            super.visit(select, context);
            walkTail(select);
        } finally {
            scopes.leave();
        }
        return null;
    }

    @Override
    public <S> Void visit(Table table, S context) {
        relations.checkTable(table);
        return null;
    }

    @Override
    public <S> Void visit(Column column, S context) {
        scopes.checkColumn(column);
        // tags[i]: the library keeps a column's subscript apart and does not walk it
        walk(column.getArrayConstructor());
        return super.visit(column, context);
    }

    /** {@code (p).to_json}: a field of an expression, which PostgreSQL may read as a call on a whole row. */
    @Override
    public <S> Void visit(RowGetExpression expression, S context) {
        throw new Refused(Rule.ALLOWED_FUNCTIONS, "a field of an expression: " + expression);
    }

    @Override
    public <S> Void visit(Function function, S context) {
        List<String> parts = function.getMultipartName();
        if (parts == null || parts.size() != 1) {
            throw new Refused(Rule.ALLOWED_FUNCTIONS, "the function " + function.getName() + " is not allowed");
        }
        CallRules.allowCall(function.getName());
        super.visit(function, context);
        // substring(x FROM y), position(x IN y), trim(… FROM …): the arguments the library keeps apart
        walk(function.getNamedParameters());
        if (function.getOrderByElements() != null) {
            function.getOrderByElements().forEach(this::walk);
        }
        return null;
    }

    @Override
    public <S> Void visit(AnalyticExpression expression, S context) {
        CallRules.allowCall(expression.getName());
        super.visit(expression, context);
        walk(expression.getExpression());
        walk(expression.getOffset());
        walk(expression.getDefaultValue());
        walk(expression.getFilterExpression());
        walk(expression.getPartitionExpressionList());
        if (expression.getOrderByElements() != null) {
            expression.getOrderByElements().forEach(this::walk);
        }
        if (expression.getFuncOrderBy() != null) {
            expression.getFuncOrderBy().forEach(this::walk);
        }
        walk(expression.getWindowDefinition());
        walk(expression.getWindowElement());
        return null;
    }

    @Override
    public <S> Void visit(TableFunction function, S context) {
        visit(function.getFunction(), context);
        return null;
    }

    @Override
    public <S> Void visit(Multiplication expression, S context) {
        arithmetic.product("*");
        return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(Division expression, S context) {
        arithmetic.product("/");
        return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(IntegerDivision expression, S context) {
        arithmetic.product("DIV");
        return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(Modulo expression, S context) {
        arithmetic.product("%");
        return super.visit(expression, context);
    }

    /** {@code ^}: a power to PostgreSQL, an exclusive or to the parser. */
    @Override
    public <S> Void visit(BitwiseXor expression, S context) {
        ArithmeticRules.power();
        return null;
    }

    /** Every {@code ||} of a chain is checked with the chain (once more per inner link: cheap, and the same answer). */
    @Override
    public <S> Void visit(Concat expression, S context) {
        ArithmeticRules.concat(expression);
        return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(CastExpression cast, S context) {
        CallRules.allowCast(cast);
        return super.visit(cast, context);
    }

    private void walkTail(Select select) {
        DialectRules.checkLimit(select);
        if (select.getFetch() != null) {
            // at any level (the outermost is refused by the limit rule too): its expression is not walked
            throw new Refused(Rule.LIMIT, "FETCH FIRST is refused: write LIMIT");
        }
        if (select.getOrderByElements() != null) {
            select.getOrderByElements().forEach(this::walk);
        }
        if (select.getLimit() != null) {
            walk(select.getLimit().getRowCount());
            walk(select.getLimit().getOffset());
        }
        if (select.getOffset() != null) {
            walk(select.getOffset().getOffset());
        }
    }
}
