//! Generate the test fixtures: one folder per scenario under `fixtures/`, each with
//! `chain.pem` (what the server presents, leaf first), `roots.pem` (the trust anchors),
//! optionally `intermediates.pem` (extra untrusted certificates) and `expected.json`
//! (the verdict and findings `tests/fixtures.rs` requires). It also rewrites the scenario
//! table of `fixtures/README.md`.
//!
//! Run: `cargo run --example gen-fixtures`
//!
//! # Layout
//!
//! * `scenarios/`: every scenario, one file per family (`valid`, `validity`,
//!   `signatures`, `trust`, `ca`, `purpose`, `names`, `name_constraints`, `extensions`,
//!   `presented`, `several`, `profiles`, `encoding`, `policy`, `crl`, `defects_*`). A
//!   scenario's description and expected findings are written once, in its `g.done(...)`;
//!   `scenarios::all` fixes the order.
//! * `templates`: certificate templates (`ca_params`, `leaf_params`), tweaks of their
//!   parameters, and the usual path (`PathSpec`, `Chain`, `Gen::path`).
//! * `issue`: issuing certificates and CRLs with rcgen, re-signing what rcgen cannot sign,
//!   and keeping randomised signatures stable.
//! * `keys`: the committed key files, their types, and signing outside rcgen (ring, the
//!   `openssl` CLI).
//! * `der`: DER elements read and written with asn1-rs, and the surgery on a
//!   TBSCertificate or TBSCertList.
//! * `oids`: the OBJECT IDENTIFIERs the generator writes, as arcs.
//! * `gen`: the `Gen` state and its output: scenario folders, `expected.json`, and the
//!   README table with its scenario count.
//!
//! To add a scenario, add a block `g.begin(name)` ... `g.done(...)` to the function of its
//! family (or a new function, called from `scenarios::all`, whose order is the order of
//! the README table), run the generator and commit the new folder.
//!
//! # Reproducibility
//!
//! * Keys are never generated here: they are the committed test keys of
//!   `fixtures/keys/` (see its README), loaded into rcgen.
//! * Serial numbers are derived from the scenario name and the certificate's label
//!   (SHA-256, truncated), and every validity date is fixed, so certificates signed
//!   with a deterministic scheme (RSA PKCS#1 v1.5, Ed25519) are byte-identical on every
//!   run.
//! * ECDSA and RSA-PSS signatures are randomised. So that a re-run does not churn the
//!   committed files, a newly made certificate whose TBSCertificate is byte-identical to
//!   one already in the scenario folder, and whose existing signature verifies with the
//!   issuer's key, keeps the existing bytes. Delete a folder to force fresh signatures.
//!
//! # What rcgen cannot do, and how it is done instead
//!
//! rcgen 0.14 on ring signs only with RSA PKCS#1 v1.5 (SHA-256/384/512), ECDSA
//! (P-256/SHA-256, P-384/SHA-384) and Ed25519, and ring refuses RSA keys under 2048 bits.
//! For the other cases the certificate is first built by rcgen, then patched:
//!
//! * RSA-PSS (`valid-rsa-pss`): the signature AlgorithmIdentifier inside the
//!   TBSCertificate is replaced by RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32) and the
//!   new TBSCertificate is signed with ring's `RSA_PSS_SHA256`.
//! * sha1WithRSAEncryption (`weak-signature-sha1`) and sha224WithRSAEncryption
//!   (`unsupported-signature-algorithm`): same patch, and the signature is made by
//!   **shelling out to the `openssl` CLI**: `openssl dgst -sha1 -sign KEY` (resp.
//!   `-sha224`) over the DER TBSCertificate on stdin. PKCS#1 v1.5 is deterministic, so
//!   these certificates are reproducible byte for byte. `openssl` must be on the PATH.
//! * An RSA-1024 subject key (`weak-key-rsa1024`, `several-errors-one-cert`): the key is
//!   only certified, never used to sign, so its public key is read from the PKCS#8 file
//!   and handed to rcgen as raw `PublicKeyData`.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod der;
mod gen;
mod issue;
mod keys;
mod oids;
mod scenarios;
mod templates;

use gen::Gen;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut g = Gen::new(root.clone());
    scenarios::all(&mut g);
    g.warn_unknown_folders();
    g.write_readme_table();
    println!("wrote {} scenarios under {}", g.names.len(), root.display());
}
