"""Decode time of the bundle's two decoders on the same tokens, side by side in one run (interleaved: vq, hifigan, vq,
… so that a drifting machine load hits both alike): the VQ-VAE decoder and the HiFi-GAN refiner (`hifigan.*`).

Usage: python benchmarks/decode_speed.py [--bundle demo] [--n 64] [--batch 16] [--threads 1] [--repeats 3]

Prints the median seconds per ECG of each and their ratio (hifigan / vq). The tokens are random codes: decode time
does not depend on what the tokens say.
"""
import argparse, time
import numpy as np
import torch
from text_to_ecg.ecg.generate import Generator


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bundle', default='demo')
    ap.add_argument('--n', type=int, default=64)
    ap.add_argument('--batch', type=int, default=16)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--repeats', type=int, default=3)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    g = Generator.from_pretrained(a.bundle, decoder='hifigan')
    dec = {'vq': g.vqvae.decode, 'hifigan': g.decoder.decode}
    codes = torch.randint(0, g.vqvae.cfg.n_codes, (a.n, g.vqvae.cfg.n_tokens), generator=torch.Generator().manual_seed(0))
    times = {k: [] for k in dec}
    for name in dec: dec[name](codes[:2])                                          # warm-up
    for _ in range(a.repeats):
        for name, f in dec.items():
            t0 = time.perf_counter()
            for i in range(0, a.n, a.batch): f(codes[i:i + a.batch])
            times[name].append((time.perf_counter() - t0) / a.n)
    med = {k: float(np.median(v)) for k, v in times.items()}
    print(f"{a.n} ECGs in batches of {a.batch}, {a.threads} thread(s), {a.repeats} interleaved repeats: "
          + ', '.join(f"{k} {v * 1000:.1f} ms/ECG" for k, v in med.items()))
    print(f"hifigan / vq decode time: {med['hifigan'] / med['vq']:.2f}×")


if __name__ == '__main__':
    main()
