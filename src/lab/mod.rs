//! The lab: the embedded practice HTTP server. (Built by the lab issue.)
