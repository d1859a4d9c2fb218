/**
 * Supervised learning with the network family: image datasets read from IDX files, the MNIST-C corruptions, and
 * classifiers (embedding, an ODE block of any policy family, a linear read-out) trained by backpropagation.
 */
package org.odetoode.supervised;
