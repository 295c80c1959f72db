// Window geometry shared by the convolution kernels, given by the host as -D options:
// KH, KW kernel; SH, SW stride; DH, DW dilation; PT, PL padding top and left.
#ifndef KH
#define KH 3
#endif
#ifndef KW
#define KW 3
#endif
#ifndef SH
#define SH 1
#endif
#ifndef SW
#define SW 1
#endif
#ifndef DH
#define DH 1
#endif
#ifndef DW
#define DW 1
#endif
#ifndef PT
#define PT 0
#endif
#ifndef PL
#define PL 0
#endif
