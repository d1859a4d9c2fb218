package org.odetoode.supervised.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odetoode.agents.internal.Parallel;
import org.odetoode.supervised.model.Classifier;

/**
 * The whole classifier's minibatch gradient (embedding, block, head, softmax cross-entropy, summed over chunks and
 * completed by the block's shared reverse pass) against central finite differences of the mean loss, written out
 * independently, for the block families.
 */
class SupervisedGradientTest {
    static final int PIXELS = 7;
    static final int CLASSES = 3;

    static Examples data(int n, long seed) {
        return data(n, PIXELS, seed);
    }

    static Examples data(int n, int pixels, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[n][pixels];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < pixels; j++) {
                x[i][j] = rng.nextDouble();
            }
            y[i] = rng.nextInt(CLASSES);
        }
        return new Examples(x, y);
    }

    /** Mean −log softmax over the rows, from the classifier's logits. */
    static double meanLoss(Classifier net, Examples data, int[] rows, int from, int size) {
        double[] z = new double[CLASSES];
        double total = 0.0;
        for (int k = from; k < from + size; k++) {
            net.logits(data.images()[rows[k]], z);
            double sum = 0.0;
            for (double v : z) {
                sum += Math.exp(v);
            }
            total += Math.log(sum) - z[data.labels()[rows[k]]];
        }
        return total / size;
    }

    @ParameterizedTest
    @CsvSource({"odetoode,flow=iso", "odetoode,flow=gated", "odetoode-unrestricted,flow=iso", "hypernet,",
        "baseode,bias=true", "resnet,", "mlp,hidden=5"})
    void minibatchGradientMatchesFiniteDifferences(String policy, String option) {
        Map<String, String> options = new HashMap<>();
        if (!policy.equals("mlp")) {
            options.put("d", "3");
            options.put("steps", "3");
        }
        if (option != null) {
            String[] kv = option.split("=");
            options.put(kv[0], kv[1]);
        }
        Classifier master = Classifier.of(policy, PIXELS, CLASSES, options);
        double worst = worstError(master, data(80, 1));
        assertTrue(worst < 1e-5, policy + " " + options + ": worst relative error " + worst);
    }

    /**
     * A conv stem in front of the block: 8×8 images through two layers (8 → 4 → 2 pixels a side), and 7×7 ones,
     * whose odd rows and columns the pooling drops (7 → 3 → 1).
     */
    @ParameterizedTest
    @CsvSource({"odetoode,8,2;3", "odetoode,7,2;3", "odetoode-unrestricted,8,3", "resnet,7,2", "mlp,8,2;2"})
    void minibatchGradientWithAConvStemMatchesFiniteDifferences(String policy, int side, String channels) {
        Map<String, String> options = policy.equals("mlp") ? Map.of("hidden", "5")
                : Map.of("d", "3", "steps", "3");
        int[] c = java.util.Arrays.stream(channels.split(";")).mapToInt(Integer::parseInt).toArray();
        Classifier master = Classifier.withConvStem(policy, side * side, CLASSES, options, c, 11);
        assertTrue(master.parameterCount() > master.network().parameterCount());
        double worst = worstError(master, data(80, side * side, 4));
        assertTrue(worst < 1e-5, policy + " conv " + channels + " on " + side + "x" + side
                + ": worst relative error " + worst);
    }

    /**
     * The worst relative error of the trainer's minibatch gradient against central differences of the mean loss,
     * over every parameter: 70 rows of {@code data}, three chunks, the last one short, and a minibatch that starts
     * past row 0.
     */
    static double worstError(Classifier master, Examples data) {
        int[] order = SupervisedTrainer.permutation(data.size(), 3, 0);
        int from = 5;
        int size = 70;
        double[] theta = master.parameters();
        double[] grad;
        try (Parallel<Classifier> workers = new Parallel<>(2, w -> master.copy(), "test")) {
            grad = SupervisedTrainer.gradient(workers, order, data, from, size, theta, new double[2]);
        }
        Classifier net = master.copy();
        double worst = 0.0;
        for (int i = 0; i < theta.length; i++) {
            double[] p = theta.clone();
            double e = 1e-5 * Math.max(1.0, Math.abs(theta[i]));
            p[i] = theta[i] + e;
            net.load(p);
            double up = meanLoss(net, data, order, from, size);
            p = theta.clone();
            p[i] = theta[i] - e;
            net.load(p);
            double down = meanLoss(net, data, order, from, size);
            double fd = (up - down) / (2 * e);
            worst = Math.max(worst, Math.abs(fd - grad[i]) / Math.max(1e-3, Math.abs(fd) + Math.abs(grad[i])));
        }
        return worst;
    }

    @ParameterizedTest
    @CsvSource({"odetoode,linear", "resnet,linear", "mlp,linear", "odetoode,conv"})
    void threadCountNeverChangesTheGradient(String policy, String embedding) {
        Map<String, String> options = policy.equals("mlp") ? Map.of() : Map.of("d", "4", "steps", "2");
        Classifier master = embedding.equals("conv")
                ? Classifier.withConvStem(policy, 64, CLASSES, options, new int[] {2, 3}, 5)
                : Classifier.of(policy, PIXELS, CLASSES, options);
        Examples data = data(100, embedding.equals("conv") ? 64 : PIXELS, 2);
        int[] order = SupervisedTrainer.permutation(100, 5, 1);
        double[] theta = master.parameters();
        double[][] grads = new double[2][];
        for (int threads = 1; threads <= 2; threads++) {
            try (Parallel<Classifier> workers = new Parallel<>(threads, w -> master.copy(), "test")) {
                grads[threads - 1] = SupervisedTrainer.gradient(workers, order, data, 0, 100, theta, new double[2]);
            }
        }
        assertArrayEquals(grads[0], grads[1], 0.0);
    }
}
