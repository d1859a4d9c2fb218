package org.odetoode.agents.es;

/**
 * An evolution strategy as ask/tell (after evosax): {@link #ask} proposes a population from the state, the caller
 * evaluates every candidate, {@link #tell} turns the returns into a new state. Fitness is maximised: a candidate's
 * fitness is its episode return. Both calls are pure functions of their arguments.
 */
public interface Strategy {

    /** The registered name, e.g. {@code es}. */
    String name();

    /** Candidates per iteration (even: antithetic pairs). */
    int populationSize();

    /** The state before the first iteration, centred on {@code parameters}. */
    EsState init(double[] parameters);

    /** The candidates of the next iteration; {@code seed} determines the perturbations. */
    Population ask(EsState state, long seed);

    /**
     * Updates the state from the candidates' fitness ({@code fitness[c]} for candidate c of {@code population}).
     */
    Told tell(EsState state, Population population, double[] fitness);

    /**
     * The new state and what the step did.
     *
     * @param state the new state
     * @param gradient the estimate the optimiser was given (before weight decay)
     * @param updateNorm ‖θ_new − θ_old‖
     * @param directionsUsed directions that entered the estimate (ARS b)
     */
    record Told(EsState state, double[] gradient, double updateNorm, int directionsUsed) {
    }
}
