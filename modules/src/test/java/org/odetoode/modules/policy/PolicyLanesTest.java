package org.odetoode.modules.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odetoode.modules.net.Precision;

/** Every lane acts as its candidate's own policy, bit for bit, whatever the other lanes hold and however many run. */
class PolicyLanesTest {

    private static Policy policy(String name, Map<String, String> options, int inputs, ActionHead head) {
        Policy p = new Policy(Policies.network(name, inputs, head.outputSize(), options), head);
        p.network().setForwardPrecision(Precision.FLOAT32);
        return p;
    }

    @ParameterizedTest(name = "{0} {1}, {2} inputs, {3} actions")
    @CsvSource({
        "odetoode, '', 4, discrete2",
        "odetoode, 'd=5,steps=3,bias=true', 6, discrete3",
        "odetoode, 'd=7,steps=4,embedding=tanh', 3, box2",
        "odetoode-unrestricted, 'd=8,steps=4,T=0.25', 3, box1",
        "resnet, 'd=6,steps=3', 2, box2",
        "baseode, 'd=9,steps=2,bias=true', 4, discrete2"})
    void eachLaneActsAsItsCandidatesPolicy(String name, String options, int inputs, String headName) {
        Policy prototype = policy(name, parse(options), inputs, head(headName));
        PolicyLanes lanes = new PolicyLanes(prototype);
        int l = lanes.lanes();
        Random rng = new Random(name.hashCode() ^ inputs);
        double[] centre = prototype.network().parameters();
        Policy[] own = new Policy[l];
        for (int i = 0; i < l; i++) {
            double[] p = centre.clone();
            for (int j = 0; j < p.length; j++) {
                p[j] += 0.2 * rng.nextGaussian();
            }
            lanes.load(i, p);
            own[i] = prototype.copy();
            own[i].network().setParameters(p);
        }
        double[][] obs = new double[l][inputs];
        double[][] actions = new double[l][prototype.head().actionSize()];
        double[] expected = new double[prototype.head().actionSize()];
        boolean[] active = new boolean[l];
        int m = prototype.network().outputSize();
        double[][] outputs = new double[l][m];
        double[] direct = new double[m];
        for (int step = 0; step < 60; step++) {
            // Two lanes run their own forwards; all but one run as the group; half of them, or just over a quarter,
            // run as a half group (sets that move its slots), before a lane takes a new candidate.
            for (int i = 0; i < l; i++) {
                active[i] = switch (step % 4) {
                    case 0 -> i == 1 || i == l - 1;
                    case 1 -> i != l / 2;
                    case 2 -> i % 2 == step / 4 % 2;
                    default -> i >= l - l / 4 - 1;
                };
            }
            if (step % 7 == 6) {
                int i = step % l;
                double[] p = centre.clone();
                for (int j = 0; j < p.length; j++) {
                    p[j] += 0.2 * rng.nextGaussian();
                }
                lanes.load(i, p);
                own[i].network().setParameters(p);
            }
            for (int i = 0; i < l; i++) {
                for (int j = 0; j < inputs; j++) {
                    obs[i][j] = 2 * rng.nextGaussian();
                }
            }
            lanes.act(obs, active, actions);
            for (int i = 0; i < l; i++) {
                if (!active[i]) {
                    continue;
                }
                own[i].act(obs[i], expected);
                assertArrayEquals(expected, actions[i], 0.0, "lane " + i + " step " + step);
            }
            // The raw outputs too, not only the actions they choose: an argmax would hide an ulp.
            lanes.forward(obs, active, outputs);
            for (int i = 0; i < l; i++) {
                if (active[i]) {
                    own[i].network().forward(obs[i], direct);
                    assertArrayEquals(direct, outputs[i], 0.0, "output of lane " + i + " step " + step);
                }
            }
        }
    }

    @Test
    void aLaneWhoseFloat32OutputOverflowsIsAnsweredInFloat64AsItsPolicyIs() {
        Policy prototype = policy("odetoode", Map.of("d", "4", "steps", "2"), 2, new BoxHead(new double[] {-1e300},
                new double[] {1e300}, BoxHead.Squash.CLIP));
        PolicyLanes lanes = new PolicyLanes(prototype);
        double[] p = prototype.network().parameters();
        for (int l = 0; l < lanes.lanes(); l++) {
            lanes.load(l, p);
        }
        // out.b beyond the float range: the float32 output is infinite, the float64 one finite.
        p[p.length - 1] = 1e39;
        lanes.load(1, p);
        Policy own = prototype.copy();
        own.network().setParameters(p);
        double[][] obs = new double[lanes.lanes()][2];
        double[][] actions = new double[lanes.lanes()][1];
        boolean[] active = new boolean[lanes.lanes()];
        Arrays.fill(active, true);
        lanes.act(obs, active, actions);
        double[] expected = new double[1];
        own.act(obs[1], expected);
        assertTrue(Double.isFinite(expected[0]) && expected[0] > 1e38, "float64 answer " + expected[0]);
        assertEquals(expected[0], actions[1][0]);
    }

    @Test
    void onlyTheFloat32EulerTanhOdeForwardHasALaneForm() {
        ActionHead head = new DiscreteHead(2);
        assertTrue(PolicyLanes.supports(policy("odetoode", Map.of(), 4, head)));
        Policy float64 = new Policy(Policies.network("odetoode", 4, 2, Map.of()), head);
        assertFalse(PolicyLanes.supports(float64));
        assertFalse(PolicyLanes.supports(policy("odetoode", Map.of("activation", "relu"), 4, head)));
        assertFalse(PolicyLanes.supports(new Policy(Policies.network("mlp", 4, 2, Map.of()), head)));
        assertThrows(IllegalArgumentException.class, () -> new PolicyLanes(float64));
    }

    private static Map<String, String> parse(String options) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : options.split(",")) {
            if (!kv.isBlank()) {
                String[] p = kv.split("=");
                m.put(p[0], p[1]);
            }
        }
        return m;
    }

    private static ActionHead head(String name) {
        return switch (name) {
            case "discrete2" -> new DiscreteHead(2);
            case "discrete3" -> new DiscreteHead(3);
            case "box1" -> new BoxHead(new double[] {-2}, new double[] {2}, BoxHead.Squash.TANH);
            case "box2" -> new BoxHead(new double[] {-1, 0}, new double[] {1, 3}, BoxHead.Squash.TANH);
            default -> throw new IllegalArgumentException(name);
        };
    }
}
