"""The verifiable secret ballot: encrypted ballots, an area-weighted tally, a public verifier.

Pure Python over libsodium (no Django), so that anyone can check an election on any machine.
The protocol, step by step, with the module that implements each step:

1. Manifest (`manifest`): contests, trustees and threshold k, and the frozen roster of voting
   entities with their areas in 0.01 m². Its SHA-256 binds every proof of the election.
2. Key ceremony (`trustees`, `election.run_key_ceremony`): for every slot (each candidate,
   each motion's yes and no) n trustees run Pedersen's DKG with Feldman VSS; each commitment
   carries a Schnorr proof; each share is checked by its recipient. The slot keys H_s are
   public; their secrets exist only as k-of-n shares.
3. Ballots (`ballot`): a multi-recipient exponential-ElGamal encryption (`elgamal`) with one
   nonce, α = r·G and β_s = m_s·G + r·H_s; per candidate a disjunctive Chaum–Pedersen 0/1
   proof, a range proof that at most max_choices are approved, per motion a 1-of-3 proof
   that (yes, no) is (1, 0), (0, 1) or (0, 0) (abstain derived). One 128-bit Fiat–Shamir
   challenge (`transcript`, SHA-512) covers the manifest, keys, entity, every ciphertext and
   commitment. A fixed-size binary record; its SHA-256 tracker is the owner's receipt.
4. Tally (`tally`): per slot Σ (α_i, β_is) (headcount) and Σ area_i·(α_i, β_is) (area).
5. Decryption (`decryption`, `dlog`): any k trustees publish partial decryptions per slot
   with Chaum–Pedersen proofs; Lagrange combination; a motion's abstain by subtraction; the
   counts by baby-step giant-step; the outcome by `huanjie.rules` (quorum, thresholds,
   ranking) exactly as for a paper count.
6. Record and verifier (`record`, `verifier`, `cli`): everything above is published; the
   verifier re-checks all of it and names the first fault (`faults`).

What is proven, to anyone who runs the verifier: every counted ballot encrypts a valid vote
(0/1 per option, at most max_choices, exactly one motion answer) of an entity on the roster,
once per entity; the tally is the sum of exactly those ballots, weighted by the roster's areas;
each published count is the decryption of its tally; the outcome is what the law gives.

What is assumed: the DDH and discrete-logarithm problems are hard in ristretto255 and SHA-512
behaves as a random oracle (for Fiat–Shamir); fewer than k trustees collude (k colluding
trustees can decrypt any single ballot); at least one trustee is honest in the ceremony; the
voter's device encrypts what the voter chose (cast-as-intended is not addressed here); the
roster, participation and areas are right (they are public, so they can be disputed, but not
by cryptography); trustees' shares travel over private channels. docs/crypto.md has the whole
argument, for an auditor.
"""
