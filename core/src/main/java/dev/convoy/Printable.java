package dev.convoy;

/**
 * Text that came from a user's file (a node name, an op type, a YAML key) made safe to print in a one-line
 * message: control characters are escaped, so a name holding a newline or a terminal escape code cannot forge
 * a second line or recolour the terminal, and long names are cut, so a 30 MB name cannot flood the console.
 * Every message that names something read from a file passes it through {@link #name}; the command line
 * passes every whole message through {@link #line} before printing it.
 */
public final class Printable {
    /** Characters of a name kept before it is cut. */
    public static final int NAME_LIMIT = 80;
    /** Characters of a whole message kept before it is cut. */
    public static final int LINE_LIMIT = 2000;

    private Printable() {
    }

    /**
     * @param name a name read from a file; may be null
     * @return the name in single quotes, control characters escaped as {@code \n}, {@code \t} or
     *         {@code \\u001B}, cut to {@value #NAME_LIMIT} characters with the full length stated
     */
    public static String name(String name) {
        if (name == null) {
            return "(none)";
        }
        return "'" + escapeAndCut(name, NAME_LIMIT) + "'";
    }

    /**
     * @param text a short word read from a file, such as an operator type
     * @return it unquoted, escaped and cut as {@link #name} does
     */
    public static String word(String text) {
        return text == null ? "(none)" : escapeAndCut(text, NAME_LIMIT);
    }

    /**
     * @param message a message that may hold text from a file
     * @return the message on one line, control characters escaped, cut to {@value #LINE_LIMIT} characters
     */
    public static String line(String message) {
        return message == null ? "" : escapeAndCut(message, LINE_LIMIT);
    }

    private static String escapeAndCut(String s, int limit) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), limit) + 16);
        int kept = 0;
        for (int i = 0; i < s.length(); i++) {
            if (kept >= limit) {
                out.append("…(").append(s.length()).append(" characters)");
                break;
            }
            char c = s.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
            kept++;
        }
        return out.toString();
    }
}
