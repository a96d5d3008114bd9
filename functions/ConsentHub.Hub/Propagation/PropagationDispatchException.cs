namespace ConsentHub.Hub.Propagation;

/// The driver could not take a propagation now (no client to it, or it did not answer): nothing is wrong with the
/// change, so a reader of the change feed reads it again later instead of passing over it.
public sealed class PropagationDispatchException(string message, Exception? inner = null) : Exception(message, inner);
