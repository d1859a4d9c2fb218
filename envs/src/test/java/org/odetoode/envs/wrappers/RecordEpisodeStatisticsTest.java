package org.odetoode.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odetoode.envs.FakeEnv;
import org.odetoode.envs.Transition;

class RecordEpisodeStatisticsTest {

    @Test
    void reportsReturnAndLengthOnTheLastStepOnly() {
        RecordEpisodeStatistics env = new RecordEpisodeStatistics(new FakeEnv(3));
        Transition t = env.reset(0);
        env.step(new double[] {0.5, 0}, t);
        assertFalse(t.hasInfo());
        assertNull(env.lastEpisode());
        env.step(new double[] {0.25, 0}, t);
        env.step(new double[] {1.0, 0}, t);
        EpisodeStatistics stats = (EpisodeStatistics) t.info().get(RecordEpisodeStatistics.INFO_KEY);
        assertEquals(1.75, stats.episodeReturn());
        assertEquals(3, stats.length());
        assertTrue(stats.seconds() >= 0);
        assertEquals(stats, env.lastEpisode());
        env.reset(t);
        env.step(new double[] {0.5, 0}, t);
        assertFalse(t.hasInfo(), "the next episode starts from zero");
    }

    @Test
    void seesTruncationWhenOutsideTheTimeLimit() {
        RecordEpisodeStatistics env = new RecordEpisodeStatistics(new TimeLimit(new FakeEnv(100), 2));
        Transition t = env.reset(0);
        env.step(new double[] {1, 0}, t);
        env.step(new double[] {1, 0}, t);
        assertTrue(t.truncated);
        assertEquals(2, env.lastEpisode().length());
    }
}
