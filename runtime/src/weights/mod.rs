//! Base costs measured on this chain's node by `scripts/benchmark-base.sh` (see
//! docs/PERFORMANCE.md, "Base weights"): the cost of one ParityDB read and write on a state of
//! 200 000 accounts, of an empty block, and of one extrinsic. Generated; rerun the script
//! rather than editing the figures.

// The generator documents struct-expression fields, which rustdoc ignores.
pub mod block_weights;
pub mod extrinsic_weights;
#[allow(unused_doc_comments)]
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::constants::ParityDbWeight;
