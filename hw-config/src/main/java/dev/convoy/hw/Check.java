package dev.convoy.hw;

/** Field checks shared by the config records; messages name the YAML field. */
final class Check {
    private Check() {
    }

    static void positive(String field, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + v);
        }
    }
}
