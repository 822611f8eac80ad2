package org.videollm4j.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.videollm4j.tokenizer.Tokenizer;
import org.videollm4j.util.BadInputException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code videollm4j tokenize}: text to token ids with a Hugging Face tokenizer.json, and back. */
@Command(name = "tokenize",
        mixinStandardHelpOptions = true,
        description = {
                "Encodes text into token ids with a Hugging Face tokenizer.json",
                "(byte-level BPE) and decodes the ids back. No special tokens are added,",
                "but special tokens written in the text (e.g. <|im_start|>) are recognised.",
                "Prints one JSON object per input line: {\"ids\": [...], \"decoded\": \"...\"}",
                "(non-ASCII characters escaped as \\uXXXX)."},
        footer = {"",
                "Examples:",
                "  videollm4j tokenize --tokenizer path/to/model --text 'Hello world'",
                "    {\"ids\":[9707,1879],\"decoded\":\"Hello world\"}   (Qwen3 tokenizer)",
                "  videollm4j tokenize --tokenizer tokenizer.json --jsonl prompts.jsonl",
                "    each line of prompts.jsonl: a JSON string (\"Hi\") or {\"text\": \"Hi\"}"})
public final class TokenizeCommand implements Callable<Integer> {
    /** ASCII-only output, so that no console encoding can garble it. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    @Spec
    CommandSpec spec;

    @Option(names = "--tokenizer", required = true, paramLabel = "PATH",
            description = "A tokenizer.json file, or a model folder that contains one.")
    Path tokenizer;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--text", paramLabel = "TEXT", description = "The text to encode.")
        String text;

        @Option(names = "--jsonl", paramLabel = "FILE",
                description = "One input per line: a JSON string, or an object with a \"text\" field.")
        Path jsonl;
    }

    @Override
    public Integer call() throws IOException {
        Tokenizer tok = Tokenizer.load(tokenizer);
        PrintWriter out = spec.commandLine().getOut();
        if (input.text != null) {
            out.println(line(tok, input.text));
        } else {
            try (BufferedReader in = Files.newBufferedReader(input.jsonl, StandardCharsets.UTF_8)) {
                int lineNo = 0;
                for (String raw = in.readLine(); raw != null; raw = in.readLine()) {
                    lineNo++;
                    if (raw.isBlank()) {
                        continue;
                    }
                    out.println(line(tok, textOf(raw, lineNo)));
                }
            } catch (NoSuchFileException e) {
                throw BadInputException.file(input.jsonl, "no such file", e);
            }
        }
        out.flush();
        return 0;
    }

    private String textOf(String raw, int lineNo) {
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (JacksonException e) {
            throw BadInputException.file(input.jsonl, "line " + lineNo + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isObject() && node.path("text").isTextual()) {
            return node.get("text").asText();
        }
        throw BadInputException.file(input.jsonl, "line " + lineNo
                + ": expected a JSON string or an object with a \"text\" string field");
    }

    private static String line(Tokenizer tok, String text) throws JacksonException {
        int[] ids = tok.encode(text);
        ObjectNode o = JSON.createObjectNode();
        var arr = o.putArray("ids");
        for (int id : ids) {
            arr.add(id);
        }
        o.put("decoded", tok.decode(ids));
        return JSON.writeValueAsString(o);
    }
}
