package org.odetoode.supervised.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.odetoode.modules.ParameterBlock;

/**
 * A small convolutional front for square grey images: layers of a 3×3 convolution with zero padding (same size) and
 * a bias per output channel, ReLU, and 2×2 max pooling with stride 2 (an odd last row or column is dropped). Its
 * output, the last layer's pooled maps channel by channel, row-major, feeds the classifier's linear map to the width
 * d. Reverse mode is exact: the pooling passes each gradient to the first maximum of its window.
 *
 * <p>Parameter layout per layer: {@code conv<k>.W} (out × in × 3 × 3), then {@code conv<k>.b} (out). An instance owns
 * scratch buffers and is not thread-safe; the per-row state the reverse pass needs lives in a {@link Trace}.
 */
public final class ConvStem {
    private final int side;
    private final int[] channels;
    /** Input channels, input side, and parameter offset of each layer. */
    private final int[] inChannels;
    private final int[] sides;
    private final int[] offsets;
    private final int count;
    /** Scratch of the reverse pass: dL/d(padded input) of each layer but the first. */
    private final double[][] inputGradient;
    /** Scratch of the reverse pass: one output channel's pooling winners that pass a gradient, and the gradients. */
    private final int[] activeAt;
    private final double[] activeGradient;

    /**
     * @param side the images' height and width
     * @param channels output channels of each layer, first to last
     */
    public ConvStem(int side, int[] channels) {
        if (channels.length == 0) {
            throw new IllegalArgumentException("a conv stem needs at least one layer");
        }
        this.side = side;
        this.channels = channels.clone();
        inChannels = new int[channels.length];
        sides = new int[channels.length];
        offsets = new int[channels.length];
        int in = 1;
        int s = side;
        int off = 0;
        for (int l = 0; l < channels.length; l++) {
            if (channels[l] < 1) {
                throw new IllegalArgumentException("conv-channels must be >= 1, got " + channels[l]);
            }
            if (s < 2) {
                throw new IllegalArgumentException("conv-channels: " + channels.length + " layers pool " + side
                        + "-pixel images below one pixel; use at most " + l + " layers");
            }
            inChannels[l] = in;
            sides[l] = s;
            offsets[l] = off;
            off += channels[l] * in * 9 + channels[l];
            in = channels[l];
            s /= 2;
        }
        count = off;
        activeAt = new int[(side / 2) * (side / 2)];
        activeGradient = new double[activeAt.length];
        inputGradient = new double[channels.length][];
        for (int l = 1; l < channels.length; l++) {
            inputGradient[l] = new double[inChannels[l] * plane(sides[l]) + 2];
        }
    }

    /** A stem of the same shape with its own scratch. */
    public ConvStem copy() {
        return new ConvStem(side, channels);
    }

    /** Height and width of the images it reads. */
    public int side() {
        return side;
    }

    /** Output channels per layer (a copy). */
    public int[] channels() {
        return channels.clone();
    }

    public int inputSize() {
        return side * side;
    }

    /** Features out: the last layer's channels times its pooled side squared. */
    public int outputSize() {
        int last = channels.length - 1;
        int s = sides[last] / 2;
        return channels[last] * s * s;
    }

    public int parameterCount() {
        return count;
    }

    /** The layers' blocks, at {@code offset} in the whole parameter vector. */
    public List<ParameterBlock> parameterBlocks(int offset) {
        List<ParameterBlock> blocks = new ArrayList<>();
        for (int l = 0; l < channels.length; l++) {
            int w = channels[l] * inChannels[l] * 9;
            blocks.add(new ParameterBlock("conv" + (l + 1) + ".W", offset + offsets[l], w));
            blocks.add(new ParameterBlock("conv" + (l + 1) + ".b", offset + offsets[l] + w, channels[l]));
        }
        return blocks;
    }

    /** He initialisation: weights ~ N(0, 2 / fan_in) with fan_in = 9 · input channels, biases 0. */
    public void initialize(Random rng, double[] p, int off) {
        for (int l = 0; l < channels.length; l++) {
            int w = channels[l] * inChannels[l] * 9;
            double scale = Math.sqrt(2.0 / (9 * inChannels[l]));
            for (int i = 0; i < w; i++) {
                p[off + offsets[l] + i] = rng.nextGaussian() * scale;
            }
        }
    }

    /** A row's forward state, kept for its reverse pass. */
    public Trace trace() {
        return new Trace();
    }

    /**
     * What a row's reverse pass reads: each layer's zero-padded input and its pre-activations, stored with rows of
     * width side + 2 (the last two entries of each row are unused), and the winner of each pooling window.
     */
    public final class Trace {
        private final double[][] padded = new double[channels.length][];
        private final double[][] pre = new double[channels.length][];
        private final int[][] winner = new int[channels.length][];

        private Trace() {
            for (int l = 0; l < channels.length; l++) {
                int s = sides[l];
                int stride = s + 2;
                // the widest tap of the last row reads two entries past the padded plane
                padded[l] = new double[inChannels[l] * plane(s) + 2];
                pre[l] = new double[channels[l] * s * stride];
                winner[l] = new int[channels[l] * (s / 2) * (s / 2)];
            }
        }
    }

    private static int plane(int s) {
        return (s + 2) * (s + 2);
    }

    /** Writes the stem's output for {@code image} into {@code out}, keeping in {@code t} what the reverse pass needs. */
    public void forward(double[] p, int off, double[] image, Trace t, double[] out) {
        double[] in = t.padded[0];
        Arrays.fill(in, 0.0);
        for (int y = 0; y < side; y++) {
            System.arraycopy(image, y * side, in, (y + 1) * (side + 2) + 1, side);
        }
        for (int l = 0; l < channels.length; l++) {
            int s = sides[l];
            int stride = s + 2;
            int half = s / 2;
            int cin = inChannels[l];
            int len = s * stride;
            double[] z = t.pre[l];
            double[] src = t.padded[l];
            boolean last = l == channels.length - 1;
            double[] next = last ? out : t.padded[l + 1];
            int nextStride = half + 2;
            if (!last) {
                Arrays.fill(next, 0.0);
            }
            int w0 = off + offsets[l];
            int b0 = w0 + channels[l] * cin * 9;
            for (int o = 0; o < channels[l]; o++) {
                int zo = o * len;
                Arrays.fill(z, zo, zo + len, p[b0 + o]);
                for (int c = 0; c < cin; c++) {
                    convolve(p, w0 + (o * cin + c) * 9, src, c * plane(s), stride, z, zo, len);
                }
                // ReLU then 2×2 max pooling; max(0, max z) = max of the ReLUs
                int[] win = t.winner[l];
                for (int py = 0; py < half; py++) {
                    for (int px = 0; px < half; px++) {
                        int a = zo + 2 * py * stride + 2 * px;
                        int best = a;
                        best = z[a + 1] > z[best] ? a + 1 : best;
                        best = z[a + stride] > z[best] ? a + stride : best;
                        best = z[a + stride + 1] > z[best] ? a + stride + 1 : best;
                        double v = Math.max(0.0, z[best]);
                        win[(o * half + py) * half + px] = best;
                        if (last) {
                            next[(o * half + py) * half + px] = v;
                        } else {
                            next[o * plane(half) + (py + 1) * nextStride + px + 1] = v;
                        }
                    }
                }
            }
        }
    }

    /**
     * z[zo + i] += Σ_{ky,kx} w[ky][kx] · src[so + i + ky·stride + kx] for i < len: one input channel's 3×3 taps into
     * one output plane, the output (y, x) at y·stride + x reading the padded input at (y + ky, x + kx). The nine
     * taps in one pass keep the plane's traffic to one read and one write per output.
     */
    private static void convolve(double[] p, int wo, double[] src, int so, int stride, double[] z, int zo,
            int len) {
        double w00 = p[wo];
        double w01 = p[wo + 1];
        double w02 = p[wo + 2];
        double w10 = p[wo + 3];
        double w11 = p[wo + 4];
        double w12 = p[wo + 5];
        double w20 = p[wo + 6];
        double w21 = p[wo + 7];
        double w22 = p[wo + 8];
        int r1 = so + stride;
        int r2 = so + 2 * stride;
        for (int i = 0; i < len; i++) {
            z[zo + i] += w00 * src[so + i] + w01 * src[so + i + 1] + w02 * src[so + i + 2]
                    + w10 * src[r1 + i] + w11 * src[r1 + i + 1] + w12 * src[r1 + i + 2]
                    + w20 * src[r2 + i] + w21 * src[r2 + i + 1] + w22 * src[r2 + i + 2];
        }
    }

    /**
     * The reverse of {@link #convolve} at the {@code active} outputs of {@link #activeAt} with the gradients
     * {@link #activeGradient}: adds dL/dw of the nine taps into {@code gp} at {@code wo}, and dL/dsrc into
     * {@code dSrc} unless it is null.
     */
    private void tapsBackward(double[] p, int wo, double[] src, int so, int stride, int active, double[] gp,
            double[] dSrc) {
        double a00 = 0;
        double a01 = 0;
        double a02 = 0;
        double a10 = 0;
        double a11 = 0;
        double a12 = 0;
        double a20 = 0;
        double a21 = 0;
        double a22 = 0;
        for (int k = 0; k < active; k++) {
            double g = activeGradient[k];
            int r0 = so + activeAt[k];
            int r1 = r0 + stride;
            int r2 = r1 + stride;
            a00 += g * src[r0];
            a01 += g * src[r0 + 1];
            a02 += g * src[r0 + 2];
            a10 += g * src[r1];
            a11 += g * src[r1 + 1];
            a12 += g * src[r1 + 2];
            a20 += g * src[r2];
            a21 += g * src[r2 + 1];
            a22 += g * src[r2 + 2];
        }
        gp[wo] += a00;
        gp[wo + 1] += a01;
        gp[wo + 2] += a02;
        gp[wo + 3] += a10;
        gp[wo + 4] += a11;
        gp[wo + 5] += a12;
        gp[wo + 6] += a20;
        gp[wo + 7] += a21;
        gp[wo + 8] += a22;
        if (dSrc == null) {
            return;
        }
        for (int k = 0; k < active; k++) {
            double g = activeGradient[k];
            int r0 = so + activeAt[k];
            for (int ky = 0; ky < 3; ky++) {
                int r = r0 + ky * stride;
                int w = wo + 3 * ky;
                dSrc[r] += g * p[w];
                dSrc[r + 1] += g * p[w + 1];
                dSrc[r + 2] += g * p[w + 2];
            }
        }
    }

    /**
     * Adds dL/dθ of the stem into {@code gp} (at {@code off}) for a row whose forward left {@code t}, given dL/dout.
     */
    public void backward(double[] p, int off, Trace t, double[] dOut, double[] gp) {
        double[] g = dOut;
        for (int l = channels.length - 1; l >= 0; l--) {
            int s = sides[l];
            int stride = s + 2;
            int half = s / 2;
            int cin = inChannels[l];
            int len = s * stride;
            boolean first = l == 0;
            boolean last = l == channels.length - 1;
            double[] z = t.pre[l];
            double[] src = t.padded[l];
            // the gradient with respect to this layer's padded input, for the layer before
            double[] dSrc = first ? null : inputGradient[l];
            if (dSrc != null) {
                Arrays.fill(dSrc, 0.0);
            }
            int w0 = off + offsets[l];
            int b0 = w0 + channels[l] * cin * 9;
            int[] win = t.winner[l];
            for (int o = 0; o < channels[l]; o++) {
                // the windows whose winner passes a gradient: where in the plane, and how much
                int active = 0;
                for (int py = 0; py < half; py++) {
                    for (int px = 0; px < half; px++) {
                        int q = (o * half + py) * half + px;
                        double gq = last ? g[q] : g[o * plane(half) + (py + 1) * (half + 2) + px + 1];
                        int at = win[q];
                        if (gq != 0.0 && z[at] > 0.0) {
                            gp[b0 + o] += gq;
                            activeAt[active] = at - o * len;
                            activeGradient[active] = gq;
                            active++;
                        }
                    }
                }
                for (int c = 0; c < cin; c++) {
                    tapsBackward(p, w0 + (o * cin + c) * 9, src, c * plane(s), stride, active, gp, dSrc);
                }
            }
            g = dSrc;
        }
    }
}
