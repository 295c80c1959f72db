package dev.convoy.onnx;

/**
 * What the importer tolerates beyond a well-formed model.
 *
 * @param allowNonFinite accept float weights that are NaN or ±Inf. Off by default: such a weight turns every
 *                       logit into NaN, and an argmax over NaN logits still names a class, so accuracy would be
 *                       reported for a model that computes nothing. On for those studying such a model.
 */
public record ImportPolicy(boolean allowNonFinite) {
    /** Every float constant must be finite. */
    public static final ImportPolicy STRICT = new ImportPolicy(false);
}
