// Winograd F(2×2, 3×3) for 3×3 stride-1 undilated dense convolutions (Lavin & Gray, "Fast Algorithms for
// Convolutional Neural Networks", 2016; cuDNN's WINOGRAD algorithm): each 2×2 output tile costs 16
// multiplies per input channel instead of 36. Three stages:
//   winograd_input   V = Bᵀ d B for every 4×4 input patch (stride 2, padding PT/PL from geometry.cl)
//   conv_gemm_f32    M_ξ = U_ξ · V_ξ for the 16 positions ξ, run as a 16-group 1×1 convolution with the
//                    filters U = G g Gᵀ transformed on the host once
//   winograd_output  Y = Aᵀ M A per tile, plus bias and the fused activation (activation_f32.cl)
// Between the stages a sample's values lie as [ξ][channel][tile], tiles row-major over TH × TW, so both
// transforms read and write consecutive tiles with consecutive work-items.
//   Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]   Aᵀ = [1 1 1 0; 0 1 -1 -1]

__kernel void winograd_input(__global const float* restrict x, __global float* restrict v,
                             const int C, const int H, const int W, const int TH, const int TW) {
    const int t = get_global_id(0), c = get_global_id(1), nb = get_global_id(2);
    const int T = TH * TW;
    if (t >= T) return;
    const int ty = t / TW, tx = t - ty * TW;
    const int iy0 = 2 * ty - PT, ix0 = 2 * tx - PL;
    const __global float* xc = x + ((long)nb * C + c) * H * W;
    float d[4][4];
    for (int i = 0; i < 4; i++) {
        const int iy = iy0 + i;
        for (int j = 0; j < 4; j++) {
            const int ix = ix0 + j;
            d[i][j] = (iy >= 0 && iy < H && ix >= 0 && ix < W) ? xc[iy * W + ix] : 0.0f;
        }
    }
    float u[4][4];
    for (int j = 0; j < 4; j++) {
        u[0][j] = d[0][j] - d[2][j];
        u[1][j] = d[1][j] + d[2][j];
        u[2][j] = d[2][j] - d[1][j];
        u[3][j] = d[1][j] - d[3][j];
    }
    __global float* vc = v + ((long)nb * 16 * C + c) * T + t;
    const long plane = (long)C * T; // distance between positions ξ and ξ + 1
    for (int i = 0; i < 4; i++) {
        vc[(i * 4 + 0) * plane] = u[i][0] - u[i][2];
        vc[(i * 4 + 1) * plane] = u[i][1] + u[i][2];
        vc[(i * 4 + 2) * plane] = u[i][2] - u[i][1];
        vc[(i * 4 + 3) * plane] = u[i][1] - u[i][3];
    }
}

__kernel void winograd_output(__global const float* restrict mm, __global const float* restrict bias,
                              __global float* restrict y, const int M, const int OH, const int OW,
                              const int TH, const int TW) {
    const int t = get_global_id(0), m = get_global_id(1), nb = get_global_id(2);
    const int T = TH * TW;
    if (t >= T) return;
    const int ty = t / TW, tx = t - ty * TW;
    const __global float* q = mm + ((long)nb * 16 * M + m) * T + t;
    const long plane = (long)M * T;
    float r[2][4];
    for (int j = 0; j < 4; j++) {
        const float q0 = q[j * plane], q1 = q[(4 + j) * plane], q2 = q[(8 + j) * plane], q3 = q[(12 + j) * plane];
        r[0][j] = q0 + q1 + q2;
        r[1][j] = q1 - q2 - q3;
    }
    const float b = bias[m];
    __global float* ym = y + ((long)nb * M + m) * OH * OW;
    for (int i = 0; i < 2; i++) {
        const int oy = 2 * ty + i;
        if (oy >= OH) continue;
        const float y0 = r[i][0] + r[i][1] + r[i][2];
        const float y1 = r[i][1] - r[i][2] - r[i][3];
        const int ox = 2 * tx;
        ym[oy * OW + ox] = activate(y0 + b);
        if (ox + 1 < OW) ym[oy * OW + ox + 1] = activate(y1 + b);
    }
}
