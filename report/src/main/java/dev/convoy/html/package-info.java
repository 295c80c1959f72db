/**
 * The report as one self-contained HTML page: {@link dev.convoy.html.HtmlReport} computes every section (with
 * {@link dev.convoy.visual}) and each {@code *Section} class draws one of them; {@link dev.convoy.html.Page} holds
 * the page's frame, style and its load-time self-check.
 */
package dev.convoy.html;
