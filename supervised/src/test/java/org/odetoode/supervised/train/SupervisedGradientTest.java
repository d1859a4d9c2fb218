package org.odetoode.supervised.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odetoode.agents.internal.Parallel;
import org.odetoode.modules.net.Network;
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
        Random rng = new Random(seed);
        double[][] x = new double[n][PIXELS];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < PIXELS; j++) {
                x[i][j] = rng.nextDouble();
            }
            y[i] = rng.nextInt(CLASSES);
        }
        return new Examples(x, y);
    }

    /** Mean −log softmax over the rows, from the network's logits. */
    static double meanLoss(Network net, Examples data, int[] rows, int from, int size) {
        double[] z = new double[CLASSES];
        double total = 0.0;
        for (int k = from; k < from + size; k++) {
            net.forward(data.images()[rows[k]], z);
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
        // 70 rows: three chunks, the last one short, and a minibatch that starts past row 0
        Examples data = data(80, 1);
        int[] order = SupervisedTrainer.permutation(80, 3, 0);
        int from = 5;
        int size = 70;
        double[] theta = master.network().parameters();
        double[] grad;
        try (Parallel<Classifier> workers = new Parallel<>(2, w -> master.copy(), "test")) {
            grad = SupervisedTrainer.gradient(workers, order, data, from, size, theta, new double[2]);
        }
        Network net = master.network();
        double[] p = theta.clone();
        double worst = 0.0;
        for (int i = 0; i < p.length; i++) {
            double e = 1e-5 * Math.max(1.0, Math.abs(theta[i]));
            p[i] = theta[i] + e;
            net.setParameters(p);
            double up = meanLoss(net, data, order, from, size);
            p[i] = theta[i] - e;
            net.setParameters(p);
            double down = meanLoss(net, data, order, from, size);
            p[i] = theta[i];
            double fd = (up - down) / (2 * e);
            worst = Math.max(worst, Math.abs(fd - grad[i]) / Math.max(1e-3, Math.abs(fd) + Math.abs(grad[i])));
        }
        assertTrue(worst < 1e-5, policy + " " + options + ": worst relative error " + worst);
    }

    @ParameterizedTest
    @CsvSource({"odetoode", "resnet", "mlp"})
    void threadCountNeverChangesTheGradient(String policy) {
        Classifier master = Classifier.of(policy, PIXELS, CLASSES, policy.equals("mlp") ? Map.of()
                : Map.of("d", "4", "steps", "2"));
        Examples data = data(100, 2);
        int[] order = SupervisedTrainer.permutation(100, 5, 1);
        double[] theta = master.network().parameters();
        double[][] grads = new double[2][];
        for (int threads = 1; threads <= 2; threads++) {
            try (Parallel<Classifier> workers = new Parallel<>(threads, w -> master.copy(), "test")) {
                grads[threads - 1] = SupervisedTrainer.gradient(workers, order, data, 0, 100, theta, new double[2]);
            }
        }
        assertArrayEquals(grads[0], grads[1], 0.0);
    }
}
