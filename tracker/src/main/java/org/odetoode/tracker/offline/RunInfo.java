package org.odetoode.tracker.offline;

import java.util.List;

/**
 * Who a run is, as kept in {@code run.json}: enough for {@code sync} to create it on a server later.
 * Never holds the API key.
 *
 * @param runId       the W&B run id (the bucket name)
 * @param project     the project
 * @param entity      the entity, or null for the key owner's default
 * @param displayName the display name, or null
 * @param group       the run group, or null
 * @param jobType     the job type, or null
 * @param tags        the tags
 * @param notes       the notes, or null
 * @param resume      the resume policy name ({@code never}, {@code allow}, {@code must}, {@code auto})
 * @param baseUrl     the server the run was meant for
 * @param host        the machine's host name
 * @param program     the main class or jar
 * @param commit      the git commit of the working directory, or null
 * @param startedAt   Unix seconds at start
 * @param startStep   the first step of this process (above 0 when a run is resumed)
 * @param exitCode    the exit code given to finish, or null while running or after a crash
 * @param finishedAt  Unix seconds at finish, or null
 */
public record RunInfo(String runId, String project, String entity, String displayName, String group,
                      String jobType, List<String> tags, String notes, String resume, String baseUrl,
                      String host, String program, String commit, double startedAt, long startStep,
                      Integer exitCode, Double finishedAt) {

    public RunInfo {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** This run, finished with {@code code} at {@code unixSeconds}. */
    public RunInfo finished(int code, double unixSeconds) {
        return new RunInfo(runId, project, entity, displayName, group, jobType, tags, notes, resume, baseUrl,
                host, program, commit, startedAt, startStep, code, unixSeconds);
    }
}
