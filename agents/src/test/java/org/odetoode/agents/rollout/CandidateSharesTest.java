package org.odetoode.agents.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class CandidateSharesTest {
    @Test
    void sharesAreContiguousAndEven() {
        CandidateShares shares = new CandidateShares(40, 3);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), drainOwn(shares, 0));
        assertEquals(13, drainOwn(shares, 1).size());
        List<Integer> third = drainOwn(shares, 2);
        assertEquals(14, third.size());
        assertEquals(26, third.get(0));
        assertEquals(39, third.get(third.size() - 1));
        assertEquals(0, shares.steal(16, new int[16]), "every share spent");
    }

    @Test
    void aStealTakesHalfOfTheFullestShare() {
        CandidateShares shares = new CandidateShares(40, 2);
        for (int k = 0; k < 16; k++) {
            shares.own(0);
            shares.own(1);
        }
        shares.own(1); // share 0 has 4 left, share 1 has 3
        int[] out = new int[16];
        assertEquals(2, shares.steal(16, out));
        assertEquals(List.of(16, 17), List.of(out[0], out[1]));
        assertEquals(1, shares.steal(1, out), "no more than the room");
        assertEquals(37, out[0]);
    }

    /** Threads taking own and stolen indices at once: each index comes out exactly once. */
    @Test
    void concurrentTakersGetEveryIndexOnce() throws Exception {
        for (int round = 0; round < 50; round++) {
            int n = 37 + round;
            int threads = 1 + round % 4;
            CandidateShares shares = new CandidateShares(n, threads);
            ConcurrentLinkedQueue<Integer> taken = new ConcurrentLinkedQueue<>();
            CyclicBarrier go = new CyclicBarrier(threads);
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = t;
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    int[] out = new int[5];
                    for (int i = shares.own(share); i >= 0; i = shares.own(share)) {
                        taken.add(i);
                    }
                    for (int k = shares.steal(5, out); k > 0; k = shares.steal(5, out)) {
                        for (int j = 0; j < k; j++) {
                            taken.add(out[j]);
                        }
                    }
                });
                th.start();
                all.add(th);
            }
            for (Thread th : all) {
                th.join();
            }
            List<Integer> sorted = new ArrayList<>(taken);
            sorted.sort(null);
            assertEquals(n, sorted.size(), "round " + round);
            for (int i = 0; i < n; i++) {
                assertEquals(i, sorted.get(i), "round " + round);
            }
        }
    }

    private static List<Integer> drainOwn(CandidateShares shares, int share) {
        List<Integer> out = new ArrayList<>();
        for (int i = shares.own(share); i >= 0; i = shares.own(share)) {
            out.add(i);
        }
        assertTrue(shares.own(share) < 0, "a spent share stays spent");
        return out;
    }
}
