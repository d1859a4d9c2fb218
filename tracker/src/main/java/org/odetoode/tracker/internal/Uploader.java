package org.odetoode.tracker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.odetoode.tracker.Resume;
import org.odetoode.tracker.TrackerException;
import org.odetoode.tracker.TrackerException.Reason;
import org.odetoode.tracker.http.Deadline;
import org.odetoode.tracker.http.UploadSettings;
import org.odetoode.tracker.http.WandbClient;
import org.odetoode.tracker.offline.LineReader;
import org.odetoode.tracker.offline.RunDirectory;
import org.odetoode.tracker.offline.RunInfo;
import org.odetoode.tracker.offline.SyncProgress;

/**
 * Moves a run directory to the server, for the live sender and for {@code sync} alike: the run
 * directory is the only source, {@code sync-state.json} records what the server accepted after
 * every request, and the server's own line counts settle what a killed process could not record.
 * Memory stays within one request's bytes whatever the run's length.
 */
public final class Uploader {
    private final RunDirectory dir;
    private final WandbClient client;
    private final UploadSettings settings;
    private final String projectOverride;
    private final String entityOverride;
    private final System.Logger log = System.getLogger(Uploader.class.getName());
    private final SyncProgress progress;
    private final Map<String, Long> linesSent = new LinkedHashMap<>();
    private RunInfo info;
    private int requests;
    private int filesUploaded;

    /**
     * @param projectOverride a project to create the run in instead of the recorded one, or null
     * @param entityOverride  an entity to create the run in instead of the recorded one, or null
     */
    public Uploader(RunDirectory dir, WandbClient client, UploadSettings settings, String projectOverride,
                    String entityOverride) {
        this.dir = dir;
        this.client = client;
        this.settings = settings;
        this.projectOverride = projectOverride;
        this.entityOverride = entityOverride;
        this.progress = dir.progress().orElseGet(SyncProgress::new);
        this.info = dir.info();
        RunDirectory.STREAMED.forEach(f -> linesSent.put(f, 0L));
    }

    /** Whether the server already has everything in {@code dir}, by its sync state alone. */
    public static boolean upToDate(RunDirectory dir) {
        return new Uploader(dir, null, UploadSettings.DEFAULT, null, null).upToDate();
    }

    /** Whether the server already has everything in the directory; decided locally, without a request. */
    public boolean upToDate() {
        info = dir.info();
        if (!progress.created) {
            return false;
        }
        for (String file : RunDirectory.STREAMED) {
            if (size(dir.file(file)) > progress.stream(file).bytes) {
                return false;
            }
        }
        return summaryToSend().isEmpty() && pendingFiles().isEmpty() && (info.exitCode() == null || progress.complete);
    }

    /**
     * Finds the entity, reads the server's line counts, and creates or updates the run with its config.
     *
     * @throws TrackerException {@link Reason#REJECTED} if the run id is taken and resuming is not allowed
     */
    public void connect(Deadline deadline) {
        info = dir.info();
        if (progress.created && (projectOverride != null && !projectOverride.equals(progress.project)
                || entityOverride != null && !entityOverride.equals(progress.entity))) {
            throw new TrackerException(Reason.BAD_SETTING, dir + " was already uploaded to " + progress.entity + "/"
                    + progress.project + ": sync it without --project/--entity, or copy it and give the copy a new run id");
        }
        String project = progress.project != null ? progress.project
                : projectOverride != null ? projectOverride : info.project();
        String entity = progress.entity != null ? progress.entity
                : entityOverride != null ? entityOverride
                : info.entity() != null ? info.entity() : client.viewerEntity(deadline);
        Optional<WandbClient.ResumeStatus> status = client.runResumeStatus(entity, project, info.runId(), deadline);
        if (progress.basesKnown) {
            catchUp(status.orElse(null));
        } else {
            adoptBases(status.orElse(null), entity, project);
        }
        progress.entity = entity;
        progress.project = project;
        progress.basesKnown = true;
        save();
        WandbClient.Bucket bucket = client.upsertBucket(upsertVariables(entity, project), deadline);
        progress.entity = bucket.entity() != null ? bucket.entity() : entity;
        progress.project = bucket.project() != null ? bucket.project() : project;
        progress.created = true;
        save();
    }

    private void adoptBases(WandbClient.ResumeStatus status, String entity, String project) {
        Resume resume = Resume.parse(info.resume(), "resume in " + dir.file(RunDirectory.RUN));
        if (status == null) {
            if (resume == Resume.MUST) {
                throw new TrackerException(Reason.REJECTED, "run " + entity + "/" + project + "/" + info.runId()
                        + " does not exist, and WANDB_RESUME=must requires it: check the run id, or use allow");
            }
            return;
        }
        long held = status.historyLineCount() + status.logLineCount() + status.eventsLineCount();
        if (held > 0 && !resume.continuesExisting()) {
            throw new TrackerException(Reason.REJECTED, "run " + entity + "/" + project + "/" + info.runId()
                    + " already holds " + status.historyLineCount() + " history rows: set WANDB_RESUME=allow to "
                    + "continue it, or start the run with a new id");
        }
        for (String file : RunDirectory.STREAMED) {
            progress.stream(file).base = status.lines(file);
        }
    }

    /** Moves past lines the server holds though their acceptance was never recorded (a killed upload). */
    private void catchUp(WandbClient.ResumeStatus status) {
        for (String file : RunDirectory.STREAMED) {
            SyncProgress.Stream stream = progress.stream(file);
            long serverHas = status == null ? 0 : status.lines(file) - stream.base;
            if (serverHas == stream.lines) {
                continue;
            }
            try {
                long position = serverHas > stream.lines
                        ? LineReader.skipLines(dir.file(file), stream.bytes, serverHas - stream.lines, settings.maxLineBytes())
                        : LineReader.skipLines(dir.file(file), 0, Math.max(0, serverHas), settings.maxLineBytes());
                if (position < 0) {
                    throw new TrackerException(Reason.RUN_DIRECTORY, "the server holds " + serverHas + " lines of "
                            + file + " from " + dir + ", more than the file has: was the file truncated?");
                }
                stream.bytes = position;
                stream.lines = Math.max(0, serverHas);
            } catch (IOException e) {
                throw ioFailure(file, e);
            }
        }
    }

    private Map<String, Object> upsertVariables(String entity, String project) {
        Map<String, Object> wireConfig = new LinkedHashMap<>();
        dir.config().forEach((key, value) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("desc", null);
            entry.put("value", value);
            wireConfig.put(key, entry);
        });
        wireConfig.put("_wandb", Map.of("value", Map.of("client", "odetoode-tracker",
                "java_version", System.getProperty("java.version"), "start_time", info.startedAt())));
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("name", info.runId());
        variables.put("project", project);
        variables.put("entity", entity);
        variables.put("config", Json.write(wireConfig));
        putIfSet(variables, "displayName", info.displayName());
        putIfSet(variables, "groupName", info.group());
        putIfSet(variables, "jobType", info.jobType());
        putIfSet(variables, "notes", info.notes());
        putIfSet(variables, "host", info.host());
        putIfSet(variables, "program", info.program());
        putIfSet(variables, "commit", info.commit());
        variables.put("tags", info.tags());
        return variables;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /**
     * Sends one request with the next lines of every streamed file (up to the request byte limit) and
     * the summary if it changed.
     *
     * @return whether anything was sent or consumed; false when the server is up to date
     */
    public boolean sendBatch(Deadline deadline) {
        long budget = settings.maxRequestBytes() - UploadSettings.FRAMING_BYTES;
        Map<String, LineReader.Chunk> chunks = new LinkedHashMap<>();
        Map<String, Object> files = new LinkedHashMap<>();
        for (String file : RunDirectory.STREAMED) {
            SyncProgress.Stream stream = progress.stream(file);
            LineReader.Chunk chunk;
            try {
                chunk = LineReader.read(dir.file(file), stream.bytes, (int) budget, settings.maxLineBytes());
            } catch (IOException e) {
                throw ioFailure(file, e);
            }
            if (chunk.isEmpty()) {
                continue;
            }
            chunks.put(file, chunk);
            budget -= chunk.cost();
            if (!chunk.lines().isEmpty()) {
                files.put(file, Map.of("offset", stream.nextOffset(), "content", chunk.lines()));
            }
            if (chunk.skipped() > 0) {
                log.log(System.Logger.Level.WARNING, "{0} line(s) of {1} in {2} exceed {3} bytes and are not uploaded",
                        chunk.skipped(), file, dir, settings.maxLineBytes());
            }
        }
        long summaryBudget = budget;
        Optional<String[]> summary = summaryToSend().filter(s -> {
            byte[] line = s[0].getBytes(StandardCharsets.UTF_8);
            return LineReader.jsonCost(line, 0, line.length) <= summaryBudget;
        });
        summary.ifPresent(s -> files.put(RunDirectory.SUMMARY, Map.of("offset", 0, "content", List.of(s[0]))));
        if (chunks.isEmpty() && summary.isEmpty()) {
            return false;
        }
        if (!files.isEmpty()) {
            post(Map.of("files", files), deadline);
        }
        chunks.forEach((file, chunk) -> {
            SyncProgress.Stream stream = progress.stream(file);
            stream.bytes = chunk.endByte();
            stream.lines += chunk.lines().size();
            stream.skipped += chunk.skipped();
            linesSent.merge(file, (long) chunk.lines().size(), Long::sum);
        });
        summary.ifPresent(s -> progress.summarySha = s[1]);
        save();
        return true;
    }

    /** Sends everything not yet on the server, request after request. */
    public void drain(Deadline deadline) {
        while (sendBatch(deadline)) {
            // each pass sends one request
        }
    }

    /** Tells the server the run is alive though nothing new was logged. */
    public void heartbeat(Deadline deadline) {
        post(Map.of("files", Map.of()), deadline);
    }

    /** Uploads {@code wandb-metadata.json} and every file under {@code files/} that changed since its last upload. */
    public void uploadFiles(Deadline deadline) {
        Map<String, String> pending = pendingFiles();
        if (pending.isEmpty()) {
            return;
        }
        List<WandbClient.UploadTarget> targets = client.createRunFiles(progress.entity, progress.project, info.runId(),
                new ArrayList<>(pending.keySet()), deadline);
        for (WandbClient.UploadTarget target : targets) {
            String sha = pending.get(target.name());
            if (sha == null) {
                continue;
            }
            client.upload(target, localFile(target.name()), deadline);
            progress.uploaded.put(target.name(), sha);
            filesUploaded++;
            save();
        }
    }

    /** Marks the run finished with {@code exitCode}, listing the uploaded files. */
    public void complete(int exitCode, Deadline deadline) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("files", Map.of());
        body.put("uploaded", new ArrayList<>(progress.uploaded.keySet()));
        body.put("complete", true);
        body.put("exitcode", exitCode);
        post(body, deadline);
        progress.complete = true;
        save();
    }

    /** Uploads the rest of a run that no process is writing: lines, summary, files, and its end if it finished. */
    public void uploadRest(Deadline deadline) {
        drain(deadline);
        uploadFiles(deadline);
        Integer exitCode = dir.info().exitCode();
        if (exitCode != null && !progress.complete) {
            complete(exitCode, deadline);
        }
    }

    private void post(Map<String, Object> body, Deadline deadline) {
        client.fileStream(progress.entity, progress.project, info.runId(), Json.write(body).getBytes(StandardCharsets.UTF_8),
                deadline);
        requests++;
    }

    /** The summary line and its hash, if it differs from what the server has. */
    private Optional<String[]> summaryToSend() {
        Path file = dir.file(RunDirectory.SUMMARY);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            String sha = sha256(bytes);
            if (sha.equals(progress.summarySha)) {
                return Optional.empty();
            }
            String line = Json.write(Json.MAPPER.readTree(bytes));
            return Optional.of(new String[] {line, sha});
        } catch (IOException e) {
            throw ioFailure(RunDirectory.SUMMARY, e);
        }
    }

    /** Files to upload by upload name, with their hashes. */
    private Map<String, String> pendingFiles() {
        Map<String, String> pending = new LinkedHashMap<>();
        List<Path> candidates = new ArrayList<>();
        Path legacyMetadata = dir.file(RunDirectory.METADATA_NAME);
        if (Files.isRegularFile(legacyMetadata)) {
            candidates.add(legacyMetadata); // run directories written before the metadata moved into files/
        }
        Path saved = dir.file(RunDirectory.FILES);
        if (Files.isDirectory(saved)) {
            try (Stream<Path> walk = Files.walk(saved)) {
                walk.filter(Files::isRegularFile).sorted().forEach(candidates::add);
            } catch (IOException e) {
                throw ioFailure(RunDirectory.FILES, e);
            }
        }
        for (Path file : candidates) {
            String name = uploadName(file);
            String sha = sha256(file);
            if (!sha.equals(progress.uploaded.get(name))) {
                pending.put(name, sha);
            }
        }
        return pending;
    }

    private String uploadName(Path file) {
        Path saved = dir.file(RunDirectory.FILES);
        Path relative = file.startsWith(saved) ? saved.relativize(file) : dir.path().relativize(file);
        return relative.toString().replace('\\', '/');
    }

    private Path localFile(String uploadName) {
        Path saved = dir.file(RunDirectory.FILES).resolve(uploadName);
        return RunDirectory.METADATA_NAME.equals(uploadName) && !Files.isRegularFile(saved) ? dir.file(uploadName) : saved;
    }

    private void save() {
        dir.writeProgress(progress);
    }

    /** Lines of each streamed file sent by this uploader. */
    public Map<String, Long> linesSent() {
        return Map.copyOf(linesSent);
    }

    /** file_stream requests sent by this uploader. */
    public int requests() {
        return requests;
    }

    /** Files uploaded by this uploader. */
    public int filesUploaded() {
        return filesUploaded;
    }

    /** The run's path on the server ({@code entity/project/id}), once known. */
    public String runPath() {
        return (progress.entity == null ? "?" : progress.entity) + "/"
                + (progress.project == null ? info.project() : progress.project) + "/" + info.runId();
    }

    /** Whether the server has marked the run finished. */
    public boolean complete() {
        return progress.complete;
    }

    private TrackerException ioFailure(String file, IOException e) {
        return new TrackerException(Reason.IO, "cannot read " + dir.file(file) + " (" + e.getMessage() + ")", e);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private String sha256(Path file) {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw ioFailure(file.toString(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
