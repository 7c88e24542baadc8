package dev.calibrate.app.graphql;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps the app's DataSource to record the SQL each HTTP request thread prepares or executes, so a test can
 * count a request's data statements (the transaction's SET LOCAL and set_config are left out).
 */
@TestConfiguration(proxyBeanMethods = false)
class StatementCounter {

    static final List<String> STATEMENTS = new CopyOnWriteArrayList<>();

    static List<String> dataStatements() {
        return STATEMENTS.stream().map(String::strip)
                .filter(sql -> !sql.toUpperCase().startsWith("SET ") && !sql.contains("set_config")).toList();
    }

    @Bean
    static BeanPostProcessor countingDataSources() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource dataSource ? counting(dataSource) : bean;
            }
        };
    }

    private static DataSource counting(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                new Class<?>[]{DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection connection ? counting(connection) : result;
                });
    }

    private static Connection counting(Connection target) {
        return (Connection) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                    if ((method.getName().equals("prepareStatement") || method.getName().equals("prepareCall"))
                            && args != null && args[0] instanceof String sql && onRequestThread()) {
                        STATEMENTS.add(sql);
                    }
                    Object result = invoke(target, method, args);
                    return result instanceof Statement statement && !(result instanceof PreparedStatement)
                            ? counting(statement) : result;
                });
    }

    /** A plain statement's SQL arrives with execute(sql), executeQuery(sql) or executeUpdate(sql). */
    private static Statement counting(Statement target) {
        return (Statement) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                new Class<?>[]{Statement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("execute") && args != null && args.length > 0
                            && args[0] instanceof String sql && onRequestThread()) {
                        STATEMENTS.add(sql);
                    }
                    return invoke(target, method, args);
                });
    }

    private static boolean onRequestThread() {
        return Thread.currentThread().getName().startsWith("http-nio");
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
