package org.videollm4j.prompt;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.FatalTemplateErrorsException;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.TemplateError.ErrorType;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import org.videollm4j.util.BadInputException;
import org.videollm4j.util.JsonFields;
import org.videollm4j.util.ModelFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face chat template rendered with jinjava the way transformers renders it with jinja2
 * ({@code ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)}, variables {@code messages},
 * {@code add_generation_prompt} and the special token strings).
 *
 * <p>Differences from jinja2 patched here (each covered by ChatTemplateTest): {@code |capitalize} is Python's
 * {@code str.capitalize} (first character upper case, the rest lower case; jinjava leaves the rest alone);
 * {@code raise_exception(msg)} (a transformers global) fails the render with the template's message; a single
 * trailing newline of the template is dropped (jinja2's {@code keep_trailing_newline=False}); nested
 * interpretation is off so text containing {@code {{ }}} is never re-evaluated. Jinjava's legacy overrides
 * are set to the Python-like behaviour (natural operator precedence, strict whitespace control, iterating a
 * dict gives its keys).
 *
 * <p>Known gap: jinjava cannot index a string by position ({@code role[0]} renders empty; slices such as
 * {@code role[1:]} work). The SmolVLM template does not need it.
 *
 * <p>Where the template comes from (transformers' processor loading order): {@code chat_template.jinja},
 * then {@code chat_template.json} {"chat_template": "..."}, then tokenizer_config.json's "chat_template".
 */
public final class ChatTemplate {
    public static final String JINJA_FILE = "chat_template.jinja";
    public static final String JSON_FILE = "chat_template.json";

    private static final Jinjava JINJAVA = newJinjava();

    private final String source;
    private final String origin;

    public ChatTemplate(String source, String origin) {
        this.source = source;
        this.origin = origin;
    }

    public String source() {
        return source;
    }

    /** Where the template text came from (a file name), for error messages. */
    public String origin() {
        return origin;
    }

    /** The folder's chat template, or a BadInputException naming what is missing or malformed. */
    public static ChatTemplate load(ModelFiles files, TokenizerConfig tokenizerConfig) {
        if (files.has(JINJA_FILE)) {
            Path p = files.path(JINJA_FILE);
            try {
                return new ChatTemplate(Files.readString(p), p.toString());
            } catch (IOException e) {
                throw BadInputException.file(p, "cannot read: " + e.getMessage(), e);
            }
        }
        if (files.has(JSON_FILE)) {
            JsonFields f = ModelFiles.parseJson(files.path(JSON_FILE));
            String t = f.optString("chat_template").orElseThrow(
                    () -> f.missing("chat_template", "the template text as a string"));
            return new ChatTemplate(t, f.file().toString());
        }
        return tokenizerConfig.chatTemplate()
                .map(t -> new ChatTemplate(t, files.path(TokenizerConfig.FILE).toString()))
                .orElseThrow(() -> BadInputException.file(files.dir(), "no chat template: expected "
                        + JSON_FILE + ", " + JINJA_FILE + " or a \"chat_template\" in " + TokenizerConfig.FILE));
    }

    /** Renders {@code messages}; {@code variables} adds e.g. the special token strings. */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, Object> variables) {
        Map<String, Object> ctx = new LinkedHashMap<>(variables);
        ctx.put("messages", messages.stream().map(ChatMessage::toTemplateValue).toList());
        ctx.put("add_generation_prompt", addGenerationPrompt);
        String text = source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
        RenderResult r;
        try {
            r = JINJAVA.renderForResult(text, ctx);
        } catch (FatalTemplateErrorsException e) {
            throw new BadInputException(origin + ": chat template failed: " + firstMessage(e.getErrors()), e);
        } catch (RuntimeException e) {
            throw new BadInputException(origin + ": chat template failed: " + rootMessage(e), e);
        }
        for (TemplateError err : r.getErrors()) {
            if (err.getSeverity() == ErrorType.FATAL) {
                throw new BadInputException(origin + ": chat template failed: " + describe(err));
            }
        }
        return r.getOutput();
    }

    private static String firstMessage(Iterable<TemplateError> errors) {
        for (TemplateError e : errors) {
            return describe(e);
        }
        return "unknown error";
    }

    private static String describe(TemplateError e) {
        String where = e.getLineno() > 0 ? " (line " + e.getLineno() + ")" : "";
        Throwable cause = e.getException();
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof TemplateRaisedException t) {
            return t.getMessage();
        }
        return e.getMessage() + where;
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    /** What {@code raise_exception} throws; its message is the template's own. */
    static final class TemplateRaisedException extends RuntimeException {
        TemplateRaisedException(String message) {
            super(message);
        }
    }

    /** transformers' {@code raise_exception(message)} template global. */
    public static Object raiseException(Object message) {
        throw new TemplateRaisedException(String.valueOf(message));
    }

    private static Jinjava newJinjava() {
        JinjavaConfig cfg = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withNestedInterpretationEnabled(false)
                .withFailOnUnknownTokens(false)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withIterateOverMapKeys(true)
                        .withEvaluateMapKeys(true)
                        .withUsePyishObjectMapper(true)
                        .withKeepNullableLoopValues(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .build())
                .build();
        Jinjava j = new Jinjava(cfg);
        j.getGlobalContext().registerFilter(new PythonCapitalize());
        j.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                ChatTemplate.class, "raiseException", Object.class));
        return j;
    }

    /** jinja2's {@code capitalize}: Python {@code str.capitalize()}. */
    static final class PythonCapitalize implements Filter {
        @Override
        public String getName() {
            return "capitalize";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            if (var == null) {
                return null;
            }
            String s = var.toString();
            if (s.isEmpty()) {
                return s;
            }
            int first = s.codePointAt(0);
            int n = Character.charCount(first);
            return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                    .append(s.substring(n).toLowerCase(java.util.Locale.ROOT)).toString();
        }
    }
}
