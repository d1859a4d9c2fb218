package org.odetoode.experiments.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntUnaryOperator;

/** A test folder holding the four standard IDX files: n 28x28 images per split, labels cycling through 0..9. */
final class IdxFolder {
    private IdxFolder() {
    }

    /**
     * Writes {@code dir/data}; {@code pixel} gives each byte from its index in the split's pixel stream, called in
     * order (train, then t10k), so a stateful generator gives a reproducible folder.
     */
    static Path write(Path dir, int n, IntUnaryOperator pixel) throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        for (String split : new String[] {"train", "t10k"}) {
            ByteArrayOutputStream images = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(images)) {
                out.writeInt(0x803);
                out.writeInt(n);
                out.writeInt(28);
                out.writeInt(28);
                for (int i = 0; i < n * 784; i++) {
                    out.writeByte(pixel.applyAsInt(i));
                }
            }
            ByteArrayOutputStream labels = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(labels)) {
                out.writeInt(0x801);
                out.writeInt(n);
                for (int i = 0; i < n; i++) {
                    out.writeByte(i % 10);
                }
            }
            Files.write(data.resolve(split + "-images-idx3-ubyte"), images.toByteArray());
            Files.write(data.resolve(split + "-labels-idx1-ubyte"), labels.toByteArray());
        }
        return data;
    }
}
