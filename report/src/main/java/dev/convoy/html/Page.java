package dev.convoy.html;

import java.util.List;

/** The page around the sections: title, contents, style, and a script that checks the page as it loads. */
final class Page {
    private Page() {
    }

    /**
     * One section.
     *
     * @param id    its anchor
     * @param title its heading
     * @param body  its HTML
     */
    record Section(String id, String title, String body) {
    }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1400px;padding:0 24px 48px;color:#222}
            h1{font-size:24px;margin:20px 0 4px}h2{font-size:19px;border-bottom:2px solid #1f77b4;padding-bottom:4px;margin-top:36px}
            h3{font-size:15px;margin:18px 0 6px}p.meta{color:#555;margin:0 0 8px}nav a{margin-right:14px}
            table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}
            th{background:#f0f0f0}td:first-child,td:nth-child(2){text-align:left}.scroll{overflow:auto;max-height:520px;margin:6px 0}
            figure{display:inline-block;margin:4px 10px 10px 0;vertical-align:top}figcaption{font-size:11px;color:#444;max-width:560px}
            img{image-rendering:pixelated;border:1px solid #ddd}.row{display:flex;flex-wrap:wrap;align-items:flex-start}
            .graph-box{overflow:auto;max-height:900px;border:1px solid #ddd}.note{color:#555;font-size:13px;max-width:1100px}
            .warn{background:#fde0dc;border:1px solid #d62728;padding:6px}.ok{color:#2ca02c}
            """;

    // counts the pictures that failed to decode and any script error, shows them, and leaves them on <body> for checks
    private static final String CHECK = """
            <script>
            (function(){var errors=0;window.addEventListener('error',function(){errors++;});
            window.addEventListener('load',function(){var bad=0;var imgs=document.images;
            for(var i=0;i<imgs.length;i++){if(!imgs[i].complete||imgs[i].naturalWidth===0){bad++;}}
            var b=document.body;b.setAttribute('data-images',imgs.length);b.setAttribute('data-broken-images',bad);
            b.setAttribute('data-svgs',document.querySelectorAll('svg').length);b.setAttribute('data-script-errors',errors);
            b.setAttribute('data-checked','yes');
            if(bad>0||errors>0){var p=document.createElement('p');p.className='warn';
            p.textContent=bad+' picture(s) failed to decode, '+errors+' script error(s)';b.insertBefore(p,b.firstChild);}});})();
            </script>
            """;

    static String render(String title, String meta, List<Section> sections) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(Html.esc(title)).append("</title>\n<style>").append(STYLE).append("</style>\n").append(CHECK).append("</head>\n<body>\n");
        b.append("<h1>").append(Html.esc(title)).append("</h1>\n<p class=\"meta\">").append(Html.esc(meta)).append("</p>\n<nav>");
        for (Section s : sections) {
            b.append("<a href=\"#").append(s.id()).append("\">").append(Html.esc(s.title())).append("</a>");
        }
        b.append("</nav>\n");
        for (Section s : sections) {
            b.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(Html.esc(s.title())).append("</h2>\n").append(s.body())
                    .append("</section>\n");
        }
        return b.append("</body></html>\n").toString();
    }
}
