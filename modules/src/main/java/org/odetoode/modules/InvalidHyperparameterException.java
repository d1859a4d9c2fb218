package org.odetoode.modules;

/**
 * A network hyperparameter or parameter vector is invalid. The message names the parameter, the value given and
 * what is allowed, e.g. "Invalid activation `tanhh`: expected one of [tanh, relu, sigmoid, identity]".
 */
public class InvalidHyperparameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public InvalidHyperparameterException(String parameter, Object value, String expected) {
        super("Invalid " + parameter + " `" + value + "`: expected " + expected);
        this.parameter = parameter;
    }

    /** Free-form message; {@code parameter} still names what is wrong. */
    public static InvalidHyperparameterException of(String parameter, String message) {
        return new InvalidHyperparameterException(parameter, message);
    }

    private InvalidHyperparameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The name of the offending hyperparameter or parameter block. */
    public String parameter() {
        return parameter;
    }
}
