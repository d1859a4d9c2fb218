/**
 * The run directory: its layout ({@link org.odetoode.tracker.offline.RunDirectory}), crash-safe line files
 * ({@link org.odetoode.tracker.offline.LineLog}), bounded reads of growing files
 * ({@link org.odetoode.tracker.offline.LineReader}) and the upload progress kept beside them
 * ({@link org.odetoode.tracker.offline.SyncProgress}).
 */
package org.odetoode.tracker.offline;
