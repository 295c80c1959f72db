/**
 * The {@code convoy} command: one class per subcommand, thin over the host library. Options are parsed
 * here, work happens in {@code dev.convoy.*}; errors become one line and an exit code (0 success, 1 a
 * check failed, 2 bad input or usage, 3 internal error).
 */
package dev.convoy.cli;
