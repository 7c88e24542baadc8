package dev.calibrate.app.copilot.translate;

/**
 * @param sql     the statement the question asks for (unchecked: the guard decides)
 * @param subject what the rows are, as the answer's sentence names them ("products of vendor Acme")
 */
public record Translation(String sql, String subject) {
}
