"""The verifiable secret ballot: encrypted ballots, an area-weighted tally, a public verifier.

Pure Python over libsodium (no Django), so that anyone can check an election on any machine.
The protocol, step by step, with the module that implements each step:

1. Manifest (`manifest`): contests, trustees and threshold k, and the frozen roster of voting
   entities with their areas in 0.01 m². Its SHA-256 binds every proof of the election.
2. Key ceremony (`trustees`, `election.run_key_ceremony`): n trustees run Pedersen's DKG with
   Feldman VSS; each commitment carries a Schnorr proof; each share is checked by its
   recipient. The election key H is public; its secret exists only as k-of-n shares.
3. Ballots (`ballot`): per candidate an exponential-ElGamal encryption (`elgamal`) of 0/1 with
   a disjunctive Chaum–Pedersen proof, and a range proof that at most max_choices are approved;
   per motion yes and no encryptions, abstain derived so the three sum to exactly 1, each 0/1.
   One Fiat–Shamir challenge (`transcript`, SHA-512) covers the manifest, key, entity, every
   ciphertext and commitment. The tracker (SHA-256 of the ballot) is the owner's receipt.
4. Tally (`tally`): per option Σ C_i (headcount) and Σ area_i·C_i (area), on ciphertexts.
5. Decryption (`decryption`, `dlog`): any k trustees publish partial decryptions with
   Chaum–Pedersen proofs; Lagrange combination; the counts by baby-step giant-step; the outcome
   by `huanjie.rules` (quorum, thresholds, ranking) exactly as for a paper count.
6. Record and verifier (`record`, `verifier`, `cli`): everything above is published; the
   verifier re-checks all of it and names the first fault (`faults`).

What is proven, to anyone who runs the verifier: every counted ballot encrypts a valid vote
(0/1 per option, at most max_choices, exactly one motion answer) of an entity on the roster,
once per entity; the tally is the sum of exactly those ballots, weighted by the roster's areas;
each published count is the decryption of its tally; the outcome is what the law gives.

What is assumed: the DDH and discrete-logarithm problems are hard in ristretto255 and SHA-512
behaves as a random oracle (for Fiat–Shamir); fewer than k trustees collude (k colluding
trustees can decrypt any single ballot); the voter's device encrypts what the voter chose
(cast-as-intended is not addressed here); the roster, participation and areas are right
(they are public, so they can be disputed, but not by cryptography); trustees' shares travel
over private channels.
"""
