"""Golden outputs for MnistcReferenceTest, computed independently of the Java code.

Uses numpy + scipy.ndimage (the filters skimage calls) and, for motion blur, Debian's ImageMagick 6
(apt-get install imagemagick-6.q16). Rerun after changing a definition:
    python3 supervised/src/test/python/mnistc_reference.py > \
        supervised/src/test/resources/org/odetoode/supervised/corrupt/mnistc-reference.json
"""
import json
import os
import subprocess
import tempfile

import numpy as np
from scipy import ndimage as ndi

N = 28


def square():
    x = np.zeros((N, N))
    x[8:18, 10:20] = 1.0
    return x


def pattern():
    r, c = np.mgrid[0:N, 0:N]
    return ((r * 7 + c * 13) % 17) / 16.0 * (r > 3) * (c < 24)


def affine_warp(x, a):
    """skimage.transform.warp(x, inverse_map=AffineTransform) with the centre kept fixed, order 1, zeros outside."""
    t = 13.5 * (1 - a[0, 0] - a[0, 1]), 13.5 * (1 - a[1, 0] - a[1, 1])
    rows, cols = np.mgrid[0:N, 0:N].astype(float)
    in_col = a[0, 0] * cols + a[0, 1] * rows + t[0]
    in_row = a[1, 0] * cols + a[1, 1] * rows + t[1]
    return ndi.map_coordinates(x, [in_row, in_col], order=1, mode='grid-constant', cval=0.0)


def rotation(a):
    return np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])


def shear(s):
    # skimage < 0.20: [[sx cos(rot), -sy sin(rot + shear)], [sx sin(rot), sy cos(rot + shear)]]
    return np.array([[1.0, -np.sin(s)], [0.0, np.cos(s)]])


def canny(image, sigma=1.0, low=0.1, high=0.2):
    """skimage.feature.canny's steps, written with array slices."""
    mask = np.ones(image.shape, bool)
    smoothed = ndi.gaussian_filter(image, sigma, mode='constant') / (
        ndi.gaussian_filter(mask.astype(float), sigma, mode='constant') + np.finfo(float).eps)
    isobel = ndi.sobel(smoothed, axis=0)
    jsobel = ndi.sobel(smoothed, axis=1)
    ai, aj = np.abs(isobel), np.abs(jsobel)
    mag = np.hypot(isobel, jsobel)
    eroded = ndi.binary_erosion(mask, np.ones((3, 3), bool), border_value=0)
    local_max = np.zeros(image.shape, bool)
    with np.errstate(divide='ignore', invalid='ignore'):
        # (sector test, weight, plus-side (c1, c2) offsets, minus-side offsets), in skimage's order
        sectors = [
            (((isobel >= 0) & (jsobel >= 0) | (isobel <= 0) & (jsobel <= 0)) & (ai >= aj), aj / ai,
             ((1, 0), (1, 1)), ((-1, 0), (-1, -1))),
            (((isobel >= 0) & (jsobel >= 0) | (isobel <= 0) & (jsobel <= 0)) & (ai <= aj), ai / aj,
             ((0, 1), (1, 1)), ((0, -1), (-1, -1))),
            (((isobel <= 0) & (jsobel >= 0) | (isobel >= 0) & (jsobel <= 0)) & (ai <= aj), ai / aj,
             ((0, 1), (-1, 1)), ((0, -1), (1, -1))),
            (((isobel <= 0) & (jsobel >= 0) | (isobel >= 0) & (jsobel <= 0)) & (ai >= aj), aj / ai,
             ((-1, 0), (-1, 1)), ((1, 0), (1, -1))),
        ]
        padded = np.pad(mag, 1)
        for pts, w, plus, minus in sectors:
            pts = pts & eroded

            def shifted(off):
                return padded[1 + off[0]:1 + off[0] + N, 1 + off[1]:1 + off[1] + N]
            ok_plus = shifted(plus[1]) * w + shifted(plus[0]) * (1 - w) <= mag
            ok_minus = shifted(minus[1]) * w + shifted(minus[0]) * (1 - w) <= mag
            local_max[pts] = (ok_plus & ok_minus)[pts]
    high_mask = local_max & (mag >= high)
    low_mask = local_max & (mag >= low)
    labels, count = ndi.label(low_mask, np.ones((3, 3), bool))
    keep = np.zeros(count + 1, bool)
    keep[np.unique(labels[high_mask])] = True
    keep[0] = False
    return keep[labels].astype(float)


def line_from_points(c0, r0, c1, r1):
    if c1 == c0:
        return np.zeros((N, N))
    cc, rr = np.meshgrid(np.linspace(0, 27, 28), np.linspace(0, 27, 28), sparse=True)
    dist = np.clip(np.abs(rr - ((r1 - r0) / (c1 - c0) * (cc - c0) + r0)), 0, 2.3 - 1e-10)
    out = np.clip(np.log(1 - dist / 2.3) + 1, 0, 1)
    out[:, :int(np.floor(c0))] = 0
    out[:, int(np.ceil(c1)):] = 0
    return out


def imagemagick_motion_blur(x, radius, sigma, angle):
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, 'in.pgm'), os.path.join(d, 'out.pgm')
        with open(src, 'wb') as f:
            f.write(b'P5\n28 28\n65535\n' + np.round(x * 65535).astype('>u2').tobytes())
        subprocess.run(['convert-im6.q16', src, '-motion-blur', f'{radius}x{sigma}+{angle}', '-depth', '16',
                        dst], check=True)
        data = open(dst, 'rb').read()
        return np.frombuffer(data[-N * N * 2:], '>u2').reshape(N, N) / 65535.0


class GoldenRatioUniform:
    """np.random.uniform's stand-in for a reproducible plasma: the k-th draw is frac(k phi), k = 1, 2, ... in order."""

    def __init__(self):
        self.k = 0

    def __call__(self, low, high, shape):
        out = np.empty(shape)
        for index in np.ndindex(*shape):
            self.k += 1
            out[index] = low + (high - low) * ((self.k * 0.6180339887498949) % 1.0)
        return out


def plasma_fractal(uniform, mapsize=256, wibbledecay=3.0):
    """The diamond-square map of MNIST-C's fog: periodic, corner-to-centre squares then edge diamonds, via np.roll."""
    m = np.zeros((mapsize, mapsize))
    step, wibble = mapsize, 100.0
    while step >= 2:
        h = step // 2
        corners = m[0::step, 0::step]
        sq = corners + np.roll(corners, -1, axis=0)
        sq = sq + np.roll(sq, -1, axis=1)
        m[h::step, h::step] = sq / 4 + wibble * uniform(-wibble, wibble, sq.shape)
        centres, corners = m[h::step, h::step], m[0::step, 0::step]
        top = centres + np.roll(centres, 1, axis=0) + corners + np.roll(corners, -1, axis=1)
        m[0::step, h::step] = top / 4 + wibble * uniform(-wibble, wibble, top.shape)
        left = centres + np.roll(centres, 1, axis=1) + corners + np.roll(corners, -1, axis=0)
        m[h::step, 0::step] = left / 4 + wibble * uniform(-wibble, wibble, left.shape)
        step //= 2
        wibble /= wibbledecay
    m -= m.min()
    return m / m.max()


def flat(a):
    return [round(float(v), 10) for v in np.asarray(a).ravel()]


sq, pat = square(), pattern()
golden = {
    'square': flat(sq),
    'pattern': flat(pat),
    'gaussian_nearest_sigma1_pattern': flat(ndi.gaussian_filter(pat, 1.0, mode='nearest')),
    'gaussian_vertical_sigma0.7_pattern': flat(ndi.gaussian_filter1d(pat, 0.7, axis=0, mode='nearest')),
    'rotate_+0.4_pattern': flat(affine_warp(pat, rotation(0.4))),
    'rotate_-0.4_pattern': flat(affine_warp(pat, rotation(-0.4))),
    'shear_+0.4_pattern': flat(affine_warp(pat, shear(0.4))),
    'shear_-0.4_pattern': flat(affine_warp(pat, shear(-0.4))),
    'scale_1/0.7_pattern': flat(affine_warp(pat, np.eye(2) / 0.7)),
    'canny_square': flat(canny(sq)),
    'canny_pattern': flat(canny(pat)),
    'line_0_5_27_20': flat(line_from_points(0, 5, 27, 20)),
    'line_2.3_10.7_6.1_8.2': flat(line_from_points(2.3, 10.7, 6.1, 8.2)),
    'plasma_decay1.4_golden_ratio_draws_top_left_28': flat(plasma_fractal(GoldenRatioUniform(), 256, 1.4)[:N, :N]),
    'motion_blur_10x3+0_pattern': flat(imagemagick_motion_blur(pat, 10, 3, 0)),
    'motion_blur_10x3+30_pattern': flat(imagemagick_motion_blur(pat, 10, 3, 30)),
    'motion_blur_10x3-45_pattern': flat(imagemagick_motion_blur(pat, 10, 3, -45)),
    'motion_blur_20x15+17_square': flat(imagemagick_motion_blur(sq, 20, 15, 17)),
}
print(json.dumps(golden))
