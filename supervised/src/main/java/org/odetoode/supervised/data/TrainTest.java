package org.odetoode.supervised.data;

/** A dataset's training and test splits, and where they came from (for logs and error messages). */
public record TrainTest(ImageDataset train, ImageDataset test, String source) {
}
