package org.odetoode.tracker.testing;

import java.nio.file.Path;
import java.time.Duration;
import org.odetoode.tracker.Sync;
import org.odetoode.tracker.SyncSettings;

/**
 * A {@code sync} process: uploads {@code args[0]} to the server at {@code args[1]} with the key from
 * {@code WANDB_API_KEY}, in requests of {@code args[2]} bytes (default 4 KiB, so that a run takes many).
 */
public final class SyncChild {
    private SyncChild() {
    }

    public static void main(String[] args) {
        int requestBytes = args.length > 2 ? Integer.parseInt(args[2]) : 4 * 1024;
        SyncSettings settings = SyncSettings.builder().baseUrl(args[1])
                .upload(TestRuns.FAST.withLimits(requestBytes, requestBytes / 2)).timeout(Duration.ofSeconds(60)).build();
        System.out.println(Sync.run(Path.of(args[0]), settings));
    }
}
