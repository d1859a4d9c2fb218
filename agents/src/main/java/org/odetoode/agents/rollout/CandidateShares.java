package org.odetoode.agents.rollout;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands a batch's candidate indices to the threads that run them in lanes. Each thread owns a contiguous share of the
 * batch and takes from it first, so that episodes of equal length (CartPole once solved) split evenly: with one
 * shared counter the first thread whose lanes emptied took every remaining candidate into one group while the other
 * thread idled. A thread whose share is spent and whose lanes have all finished takes half of what is left of the
 * fullest share, so unequal episodes still balance. Which thread runs a candidate never changes its result.
 */
final class CandidateShares {
    private final AtomicInteger[] next;
    private final int[] end;

    CandidateShares(int candidates, int threads) {
        next = new AtomicInteger[threads];
        end = new int[threads];
        for (int t = 0; t < threads; t++) {
            next[t] = new AtomicInteger((int) ((long) candidates * t / threads));
            end[t] = (int) ((long) candidates * (t + 1) / threads);
        }
    }

    /** The next index of share {@code share}, or -1 when it is spent. */
    int own(int share) {
        int i = next[share].getAndIncrement();
        return i < end[share] ? i : -1;
    }

    /** How many of share {@code share} are not yet taken. */
    private int left(int share) {
        return Math.max(0, end[share] - next[share].get());
    }

    /**
     * For a thread with nothing running: up to {@code room} indices, at most half (rounded up) of what is left of the
     * fullest share, written to {@code out}; returns how many (0 when every share is spent).
     */
    int steal(int room, int[] out) {
        while (true) {
            int fullest = -1;
            int most = 0;
            for (int s = 0; s < next.length; s++) {
                int left = left(s);
                if (left > most) {
                    most = left;
                    fullest = s;
                }
            }
            if (fullest < 0) {
                return 0;
            }
            int want = Math.min(room, (most + 1) / 2);
            int taken = 0;
            while (taken < want) {
                int i = own(fullest);
                if (i < 0) {
                    break;
                }
                out[taken++] = i;
            }
            if (taken > 0) {
                return taken;
            }
            // the share was emptied by its owner meanwhile: look again
        }
    }
}
