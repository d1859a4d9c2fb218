package org.odetoode.agents.es;

import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.optim.Adam;
import org.odetoode.agents.optim.Optimizer;
import org.odetoode.agents.optim.Sgd;
import org.odetoode.agents.shaping.TopDirections;

/**
 * The registered strategies, by name: each is a combination of parts, configured from a {@link TrainConfig}.
 *
 * <table>
 *   <caption>Agents</caption>
 *   <tr><td>{@code es}</td><td>OpenAI-ES (Salimans et al. 2017): noise-table Gaussian directions, central
 *       difference, shaping (centred rank), weight decay, Adam</td></tr>
 *   <tr><td>{@code ars}</td><td>ARS V1/V2 and V1-t/V2-t (Mania et al. 2018): noise-table Gaussian directions,
 *       top-b by max or diff, the step divided by the std of the used returns (z-score), SGD; V1/V2 is
 *       {@code observation-filter} none/mean-std</td></tr>
 *   <tr><td>{@code orthogonal-es}</td><td>structured ES (Choromanski et al. 2018): orthogonal directions within blocks,
 *       otherwise as {@code es}</td></tr>
 * </table>
 */
public final class Strategies {
    private Strategies() {
    }

    /** The strategy {@code config.agent()} with the config's hyperparameters. */
    public static Strategy create(TrainConfig config) {
        Optimizer optimizer = switch (config.optimizer()) {
            case ADAM -> new Adam(config.learningRate(), config.adamBeta1(), config.adamBeta2(), config.adamEpsilon());
            case SGD -> new Sgd(config.learningRate(), config.momentum());
        };
        TopDirections selection = new TopDirections(config.usedDirections(), config.rankBy());
        PerturbationSampler gaussian = new PerturbationSampler.NoiseTableSampler(
                NoiseTable.shared(config.noiseSeed(), config.noiseTableSize()));
        return switch (config.agent()) {
            case "es" -> new EvolutionStrategy("es", config.populationSize(), config.sigma(), gaussian, selection,
                    config.fitnessShaping(), EvolutionStrategy.Form.CENTRAL_DIFFERENCE, optimizer, config.weightDecay());
            case "ars" -> new EvolutionStrategy("ars", config.populationSize(), config.sigma(), gaussian, selection,
                    config.fitnessShaping(), EvolutionStrategy.Form.ARS, optimizer, config.weightDecay());
            case "orthogonal-es" -> new EvolutionStrategy("orthogonal-es", config.populationSize(), config.sigma(),
                    new OrthogonalSampler(config.orthogonalNorm()), selection, config.fitnessShaping(),
                    EvolutionStrategy.Form.CENTRAL_DIFFERENCE, optimizer, config.weightDecay());
            default -> throw new IllegalArgumentException("Unknown agent `" + config.agent() + "`");
        };
    }
}
