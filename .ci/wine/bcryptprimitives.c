/* A stand-in for Windows' bcryptprimitives.dll, which Debian 12's Wine 8
 * lacks and Rust's std (since 1.78) loads for ProcessPrng. Only for running
 * the test binaries under Wine; never shipped. RtlGenRandom is exported by
 * advapi32 as SystemFunction036. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, n)) {
            return FALSE;
        }
        data += n;
        length -= n;
    }
    return TRUE;
}
