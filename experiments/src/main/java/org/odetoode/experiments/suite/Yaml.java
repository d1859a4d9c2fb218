package org.odetoode.experiments.suite;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node knows its line, so that a suite file's errors can name the line of the
 * offending key. Jackson's YAML parser reads the text (and gives each token's location); this only keeps the lines
 * that a tree of plain maps and lists loses.
 */
final class Yaml {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private Yaml() {
    }

    /** A node of the tree at 1-based {@code line}. */
    sealed interface Node permits Scalar, Mapping, Sequence {
        int line();
    }

    /** A scalar: its text as written ({@code null} for a YAML null) and whether it was a number. */
    record Scalar(String text, boolean number, int line) implements Node {
    }

    /** A mapping in document order; each entry's line is its key's line. */
    record Mapping(Map<String, Entry> entries, int line) implements Node {
    }

    /** One key of a mapping with its value. */
    record Entry(String key, Node value, int line) {
    }

    /** A sequence. */
    record Sequence(List<Node> items, int line) implements Node {
    }

    /**
     * Parses one YAML document.
     *
     * @throws SuiteFileException on invalid YAML or a key given twice in one mapping, with the line
     */
    static Node parse(String text, String file) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Mapping(Map.of(), 1);
            }
            return read(p, file);
        } catch (SuiteFileException e) {
            throw e;
        } catch (IOException e) {
            int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? j.getLocation().getLineNr() : 1;
            String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage();
            throw new SuiteFileException(file, line, null, "not valid YAML: " + message.replace('\n', ' '));
        }
    }

    private static Node read(JsonParser p, String file) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    Node value = read(p, file);
                    if (entries.containsKey(key)) {
                        throw new SuiteFileException(file, keyLine, key, "`" + key + "` is given twice in one mapping"
                                + " (first on line " + entries.get(key).line() + ")");
                    }
                    entries.put(key, new Entry(key, value, keyLine));
                }
                return new Mapping(Collections.unmodifiableMap(entries), line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, file));
                }
                return new Sequence(List.copyOf(items), line);
            }
            case VALUE_NULL -> {
                return new Scalar(null, false, line);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Scalar(p.getText(), true, line);
            }
            default -> {
                return new Scalar(p.getText(), false, line);
            }
        }
    }
}
