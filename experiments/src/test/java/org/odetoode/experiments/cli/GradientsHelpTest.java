package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.odetoode.experiments.gradients.Studies;
import org.odetoode.experiments.gradients.Study;
import picocli.CommandLine;

/** What {@code odetoode gradients --help} shows: every example it gives is accepted by the study it names. */
class GradientsHelpTest {
    private static final String EXAMPLE = "  odetoode gradients ";

    private static String help() {
        CliRunner.Result r = CliRunner.run("gradients", "--help");
        assertEquals(0, r.exitCode(), r.err());
        return r.out();
    }

    /** Parses {@code odetoode ARGS} and builds the study's context, which checks every --set key; no study runs. */
    private static void parseAndValidate(String commandLine) {
        String[] args = commandLine.trim().split("\\s+");
        assertEquals("odetoode", args[0], commandLine);
        assertDoesNotThrow(parse(Arrays.copyOfRange(args, 1, args.length))::context, commandLine);
    }

    /** The gradients command as picocli fills it from {@code odetoode args}. */
    private static GradientsCommand parse(String... args) {
        CommandLine.ParseResult parsed = OdeToOdeCli.commandLine().parseArgs(args);
        return (GradientsCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void everySetInTheHelpIsPartOfARunnableExample() {
        String help = help();
        List<String> examples = help.lines().filter(l -> l.startsWith(EXAMPLE)).toList();
        assertTrue(examples.size() >= 3, "--help shows no examples:\n" + help);
        assertEquals(GradientsCommand.EXAMPLES.size(), examples.size(), help);
        for (String example : examples) {
            parseAndValidate(example);
        }
        // A bare "--set probes=8" (the old help's example) is one that some studies refuse.
        Matcher sets = Pattern.compile("--set [\\w-]+=\\S+").matcher(help);
        while (sets.find()) {
            int lineStart = help.lastIndexOf('\n', sets.start()) + 1;
            assertTrue(help.startsWith(EXAMPLE, lineStart), "an example outside an example line: "
                    + help.substring(lineStart, help.indexOf('\n', sets.start())));
        }
    }

    @Test
    void theHelpListsEachStudysOwnKeysWithTheirDefaultsAndEachIsAccepted() {
        String help = help();
        for (String name : Studies.names()) {
            Study study = Studies.get(name);
            assertTrue(help.contains("\n  " + name + " "), name + " is not listed:\n" + help);
            for (Study.Setting s : study.settings()) {
                assertTrue(help.contains(s.key() + "=" + s.defaultValue() + ": "), name + " " + s.key());
                parseAndValidate("odetoode gradients " + name + " --set " + s.key() + "=" + s.defaultValue());
            }
        }
    }

    @Test
    void aKeyTheStudyDoesNotHaveIsStillRefused() {
        // The validation the examples pass is the one that refused the old example.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                parse("gradients", "spectrum", "--set", "probes=8")::context);
        assertTrue(e.getMessage().contains("Unknown setting `probes` for study spectrum"), e.getMessage());
    }
}
