/**
 * W&B-compatible run tracking: {@link org.odetoode.tracker.Tracker#init} starts a {@link org.odetoode.tracker.Run}
 * configured by {@link org.odetoode.tracker.RunSettings} (builder, then {@code WANDB_*} variables and
 * {@code ~/.netrc}, then defaults); {@link org.odetoode.tracker.Sync} uploads run directories later.
 *
 * <p>Offline first: every run writes its run directory ({@link org.odetoode.tracker.offline}); an online run
 * also streams that directory to the server in the background ({@link org.odetoode.tracker.http}), so a
 * dead server delays an upload but never loses a row.
 */
package org.odetoode.tracker;
