package org.videollm4j.tokenizer;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates the regular expressions of {@code tokenizer.json} files (written for Oniguruma / Rust
 * {@code fancy-regex}) into {@link java.util.regex.Pattern}s with the same meaning.
 *
 * <p>Differences handled:
 * <ul>
 *   <li>{@code \s}, {@code \w}, {@code \d} are Unicode-aware in the Rust engines (White_Space, etc.); Java's are
 *       ASCII-only unless {@link Pattern#UNICODE_CHARACTER_CLASS}, which every pattern gets. With it, Java's
 *       {@code \s} is exactly {@code \p{White_Space}} (so U+0085 and U+3000 are spaces, U+FEFF is not), and
 *       {@code (?i)} folds case by Unicode rules as Rust's does.</li>
 *   <li>Script and long property names ({@code \p{Han}}, {@code \p{Greek}}, {@code \p{Letter}}) need Java's
 *       {@code Is} prefix; one-letter {@code \pL} stays valid.</li>
 *   <li>POSIX bracket classes ({@code [[:alpha:]]}) become Java's {@code \p{Alpha}} etc.</li>
 * </ul>
 * Everything else the files use ({@code (?i:...)}, look-ahead, {@code \p{N}{1,3}}, {@code \r\n}) has the same
 * syntax and meaning in Java.
 */
final class RegexTranslator {
    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "\\p{Digit}"), Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("space", "\\s"), Map.entry("upper", "\\p{Upper}"), Map.entry("lower", "\\p{Lower}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("xdigit", "\\p{XDigit}"), Map.entry("word", "\\w"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("print", "\\p{Print}"),
            Map.entry("graph", "\\p{Graph}"));

    private RegexTranslator() {
    }

    /** Compiles a tokenizer.json regex; a pattern Java cannot express throws {@link PatternSyntaxException}. */
    static Pattern compile(String rustRegex) {
        return Pattern.compile(translate(rustRegex), Pattern.UNICODE_CHARACTER_CLASS);
    }

    static String translate(String re) {
        StringBuilder out = new StringBuilder(re.length() + 16);
        int depth = 0; // inside how many [ ] classes
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\' && i + 1 < re.length()) {
                char e = re.charAt(i + 1);
                if ((e == 'p' || e == 'P') && i + 2 < re.length()) {
                    if (re.charAt(i + 2) == '{') {
                        int close = re.indexOf('}', i + 3);
                        if (close < 0) {
                            throw new PatternSyntaxException("unclosed \\p{", re, i);
                        }
                        out.append('\\').append(e).append('{').append(javaPropertyName(re.substring(i + 3, close)))
                                .append('}');
                        i = close;
                    } else {
                        out.append(re, i, i + 3); // \pL
                        i += 2;
                    }
                } else {
                    out.append(c).append(e);
                    i++;
                }
            } else if (c == '[' && depth > 0 && re.startsWith("[:", i)) {
                int close = re.indexOf(":]", i + 2);
                String name = close < 0 ? null : re.substring(i + 2, close);
                boolean negated = name != null && name.startsWith("^");
                String java = name == null ? null : POSIX.get(negated ? name.substring(1) : name);
                if (java == null) {
                    out.append(c);
                    depth++;
                } else {
                    out.append(negated ? java.replace("\\p", "\\P").replace("\\s", "\\S").replace("\\w", "\\W") : java);
                    i = close + 1;
                }
            } else {
                if (c == '[') {
                    depth++;
                } else if (c == ']' && depth > 0) {
                    depth--;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    /** General categories (L, Lu, N, ...) are valid as written; scripts and binary properties get "Is". */
    private static String javaPropertyName(String name) {
        String n = name.trim();
        if (n.isEmpty() || n.contains("=") || n.startsWith("Is") || n.startsWith("In")) {
            return n;
        }
        if (n.length() <= 2 && Character.isUpperCase(n.charAt(0))) {
            return n; // general category such as L, Lu, N, Nd
        }
        return "Is" + n;
    }
}
