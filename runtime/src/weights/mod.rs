//! Base costs measured on this chain's node by `scripts/benchmark-base.sh` (see
//! docs/PERFORMANCE.md, "Base weights"): the cost of one ParityDB read and write on a state of
//! 200 000 accounts, of an empty block, and of one extrinsic. Generated; rerun the script
//! rather than editing the figures.
//!
//! `pallet_balances` is upstream's pallet benchmarked on this chain's machine
//! (`scripts/benchmark.sh pallet_balances runtime/src/weights/pallet_balances.rs`): its own
//! weights were measured on faster hardware and under-charged a transfer here.

// The generator documents struct-expression fields, which rustdoc ignores.
pub mod block_weights;
pub mod extrinsic_weights;
#[allow(clippy::all, unused_doc_comments)]
pub mod pallet_balances;
#[allow(unused_doc_comments)]
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::constants::ParityDbWeight;
