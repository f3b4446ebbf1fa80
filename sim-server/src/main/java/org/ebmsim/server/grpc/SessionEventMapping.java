package org.ebmsim.server.grpc;

import org.ebmsim.actor.registry.ObserverBuffer;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.dynamics.EnergyStatistics;
import org.ebmsim.dynamics.ais.AisEstimate;
import org.ebmsim.dynamics.diagnostics.ConvergenceDiagnostics;
import org.ebmsim.session.LiveDiagnostics;
import org.ebmsim.proto.v1.ObservableDiagnostics;
import org.ebmsim.proto.v1.AisProgress;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.ClampUnits;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.EnergyStats;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.PartitionFunctionResult;
import org.ebmsim.proto.v1.Paused;
import org.ebmsim.proto.v1.ReleaseUnits;
import org.ebmsim.proto.v1.Resumed;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionEnded;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.Steered;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SessionInfo;
import org.ebmsim.session.SteerCommand;
import org.ebmsim.session.TrainAis;
import org.ebmsim.family.TrainingMetrics;
import org.ebmsim.proto.v1.AisLogLikelihood;
import org.ebmsim.proto.v1.SplitMetrics;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TemperEvent;
import org.ebmsim.proto.v1.TemperProgress;
import org.ebmsim.proto.v1.TemperResult;
import org.ebmsim.proto.v1.TrainProgress;
import org.ebmsim.proto.v1.TrainResult;

/** Session events and records (domain) to their wire messages. */
final class SessionEventMapping {
  private SessionEventMapping() {}

  static AnnealEvent anneal(SessionEvent event) {
    AnnealEvent.Builder b = AnnealEvent.newBuilder();
    if (event instanceof SessionEvent.AnnealProgress p) {
      b.setProgress(annealProgress(p));
    } else if (event instanceof SessionEvent.AnnealResult r) {
      b.setResult(annealResult(r));
    } else if (event instanceof SessionEvent.Rebalanced r) {
      b.setRebalanced(rebalanced(r));
    } else {
      lifecycle(event, b::setStarted, b::setSteered, b::setPaused, b::setResumed);
    }
    return b.build();
  }

  static CompleteEvent complete(SessionEvent event) {
    CompleteEvent.Builder b = CompleteEvent.newBuilder();
    if (event instanceof SessionEvent.CompletionProgress p) {
      b.setProgress(completeProgress(p));
    } else if (event instanceof SessionEvent.CompletionResult r) {
      b.setResult(completeResult(r));
    } else if (event instanceof SessionEvent.Rebalanced r) {
      b.setRebalanced(rebalanced(r));
    } else {
      lifecycle(event, b::setStarted, b::setSteered, b::setPaused, b::setResumed);
    }
    return b.build();
  }

  static PartitionFunctionEvent partitionFunction(SessionEvent event) {
    PartitionFunctionEvent.Builder b = PartitionFunctionEvent.newBuilder();
    if (event instanceof SessionEvent.PartitionProgress p) {
      b.setProgress(aisProgress(p));
    } else if (event instanceof SessionEvent.PartitionResult r) {
      b.setResult(aisResult(r));
    } else if (event instanceof SessionEvent.Rebalanced r) {
      b.setRebalanced(rebalanced(r));
    } else {
      lifecycle(event, b::setStarted, b::setSteered, b::setPaused, b::setResumed);
    }
    return b.build();
  }

  static TemperEvent temper(SessionEvent event) {
    TemperEvent.Builder b = TemperEvent.newBuilder();
    if (event instanceof SessionEvent.TemperProgress p) {
      b.setProgress(temperProgress(p));
    } else if (event instanceof SessionEvent.TemperResult r) {
      b.setResult(temperResult(r));
    } else if (event instanceof SessionEvent.Rebalanced r) {
      b.setRebalanced(rebalanced(r));
    } else {
      lifecycle(event, b::setStarted, b::setSteered, b::setPaused, b::setResumed);
    }
    return b.build();
  }

  private static TemperProgress temperProgress(SessionEvent.TemperProgress p) {
    TemperProgress.Builder b = TemperProgress.newBuilder().setSweep(p.sweep()).setTotalSweeps(p.totalSweeps())
        .setTuning(p.tuning()).setBarrier(p.barrier()).setRoundTrips(p.roundTrips()).setSwapRounds(p.swapRounds())
        .setRoundTripRate(p.roundTripRate()).setLadders(p.ladders())
        .setRoundTripsPerSweep(p.sweep() == 0 ? 0 : (double) p.roundTrips() / ((double) p.sweep() * p.ladders()));
    for (double t : p.temperatures()) {
      b.addTemperatures(t);
    }
    for (double a : p.acceptance()) {
      b.addAcceptance(a);
    }
    for (double a : p.cumulativeAcceptance()) {
      b.addCumulativeAcceptance(a);
    }
    for (double r : p.rejection()) {
      b.addRejection(r);
    }
    p.energyPerLevel().forEach(e -> b.addEnergyPerTemperature(stats(e)));
    p.samples().forEach(s -> b.addSamples(WireStates.chain(s)));
    for (int level : p.sampleLevels()) {
      b.addSampleLevels(level);
    }
    if (p.diagnostics() != null) {
      b.setDiagnostics(diagnostics(p.diagnostics()));
    }
    return b.build();
  }

  private static TemperResult temperResult(SessionEvent.TemperResult r) {
    TemperResult.Builder b = TemperResult.newBuilder().setSweeps(r.sweeps()).setBarrier(r.barrier())
        .setRoundTrips(r.roundTrips()).setSwapRounds(r.swapRounds()).setRoundTripRate(r.roundTripRate())
        .setLadders(r.ladders());
    for (double t : r.temperatures()) {
      b.addTemperatures(t);
    }
    for (double a : r.acceptance()) {
      b.addAcceptance(a);
    }
    for (double x : r.rejection()) {
      b.addRejection(x);
    }
    r.energyPerLevel().forEach(e -> b.addEnergyPerTemperature(stats(e)));
    r.states().forEach(s -> b.addStates(WireStates.chain(s)));
    for (int level : r.stateLevels()) {
      b.addStateLevels(level);
    }
    return b.build();
  }

  /** One item of an observer's buffer as a watched-session event. */
  static org.ebmsim.proto.v1.SessionEvent watched(String sessionId, ObserverBuffer.Item item) {
    org.ebmsim.proto.v1.SessionEvent.Builder b = org.ebmsim.proto.v1.SessionEvent.newBuilder()
        .setSessionId(sessionId).setSequence(Math.max(0, item.sequence())).setDropped(item.dropped());
    if (item.isEnd()) {
      return b.setEnded(SessionEnded.newBuilder().setState(state(item.endState())).setReason(item.endReason())).build();
    }
    SessionEvent e = item.event();
    if (e instanceof SessionEvent.AnnealProgress p) {
      b.setAnnealProgress(annealProgress(p));
    } else if (e instanceof SessionEvent.AnnealResult r) {
      b.setAnnealResult(annealResult(r));
    } else if (e instanceof SessionEvent.CompletionProgress p) {
      b.setCompleteProgress(completeProgress(p));
    } else if (e instanceof SessionEvent.CompletionResult r) {
      b.setCompleteResult(completeResult(r));
    } else if (e instanceof SessionEvent.PartitionProgress p) {
      b.setPartitionFunctionProgress(aisProgress(p));
    } else if (e instanceof SessionEvent.PartitionResult r) {
      b.setPartitionFunctionResult(aisResult(r));
    } else if (e instanceof SessionEvent.TrainProgress p) {
      b.setTrainProgress(trainProgress(p));
    } else if (e instanceof SessionEvent.TrainResult r) {
      b.setTrainResult(trainResult(r));
    } else if (e instanceof SessionEvent.HamProgress p) {
      b.setHamReport(hamReport(p));
    } else if (e instanceof SessionEvent.HamResult r) {
      b.setHamResult(hamResult(r));
    } else if (e instanceof SessionEvent.TemperProgress p) {
      b.setTemperProgress(temperProgress(p));
    } else if (e instanceof SessionEvent.TemperResult r) {
      b.setTemperResult(temperResult(r));
    } else if (e instanceof SessionEvent.Rebalanced r) {
      b.setRebalanced(rebalanced(r));
    } else {
      lifecycle(e, b::setStarted, b::setSteered, b::setPaused, b::setResumed);
    }
    return b.build();
  }

  private interface Setter<T> {
    void set(T value);
  }

  private static void lifecycle(SessionEvent e, Setter<SessionStarted> started, Setter<Steered> steered,
      Setter<Paused> paused, Setter<Resumed> resumed) {
    if (e instanceof SessionEvent.Started s) {
      started.set(started(s.info()));
    } else if (e instanceof SessionEvent.Steered s) {
      steered.set(steered(s));
    } else if (e instanceof SessionEvent.Paused p) {
      paused.set(Paused.newBuilder().setSweep(p.sweep()).build());
    } else if (e instanceof SessionEvent.Resumed r) {
      resumed.set(Resumed.newBuilder().setSweep(r.sweep()).build());
    } else {
      throw new IllegalArgumentException("no wire form for " + e.getClass().getSimpleName() + " in this stream");
    }
  }

  static org.ebmsim.proto.v1.Rebalanced rebalanced(SessionEvent.Rebalanced r) {
    return org.ebmsim.proto.v1.Rebalanced.newBuilder().setSweep(r.sweep()).setGroup(r.group())
        .setFromNode(r.fromNode()).setToNode(r.toNode()).setRestoredSweep(r.restoredSweep()).build();
  }

  static SessionStarted started(SessionInfo info) {
    return SessionStarted.newBuilder().setSessionId(info.id()).setKind(info.kind()).setModelId(info.modelId())
        .setModelVersion(info.modelVersion()).setChains(info.chains()).setTotal(info.total())
        .addAllLayers(WireStates.infos(info.layout())).setDetached(info.detached())
        .setStartedUnixMs(info.startedMillis()).build();
  }

  static Steered steered(SessionEvent.Steered s) {
    return Steered.newBuilder().setSweep(s.sweep()).setAction(action(s.command())).build();
  }

  private static SteerAction action(SteerCommand c) {
    SteerAction.Builder b = SteerAction.newBuilder();
    if (c instanceof SteerCommand.SetTemperature t) {
      b.setTemperature(t.temperature());
    } else if (c instanceof SteerCommand.SetReportInterval r) {
      b.setReportEverySweeps(r.sweeps());
    } else if (c instanceof SteerCommand.SetLearningRate l) {
      b.setLearningRate(l.learningRate());
    } else if (c instanceof SteerCommand.Clamp k) {
      ClampUnits.Builder cu = ClampUnits.newBuilder().setLayer(k.shape().name());
      boolean real = k.shape().type() == org.ebmsim.dynamics.state.ValueType.REAL;
      for (int i = 0; i < k.units().length; i++) {
        cu.addUnits(k.units()[i]);
        if (real) {
          cu.addRealValues((float) k.values()[i]);
        } else {
          cu.addValues((int) k.values()[i]);
        }
      }
      b.setClamp(cu);
    } else if (c instanceof SteerCommand.Release r) {
      ReleaseUnits.Builder ru = ReleaseUnits.newBuilder().setLayer(r.shape().name());
      for (int u : r.units()) {
        ru.addUnits(u);
      }
      b.setRelease(ru);
    }
    return b.build();
  }

  private static EnergyStats stats(EnergyStatistics s) {
    return EnergyStats.newBuilder().setMin(s.min()).setMean(s.mean()).setMax(s.max()).build();
  }

  private static AnnealProgress annealProgress(SessionEvent.AnnealProgress p) {
    AnnealProgress.Builder b = AnnealProgress.newBuilder().setSweep(p.sweep()).setTotalSweeps(p.totalSweeps())
        .setStep(p.step()).setTemperature(p.temperature()).setEnergy(stats(p.energy())).setFlipRate(p.flipRate())
        .setBestEnergy(p.bestEnergy());
    p.samples().forEach(s -> b.addSamples(WireStates.chain(s)));
    if (p.diagnostics() != null) {
      b.setDiagnostics(diagnostics(p.diagnostics()));
    }
    return b.build();
  }

  /** The energy's diagnostics in the top-level fields, each traced overlap's as an observable. */
  static org.ebmsim.proto.v1.ConvergenceDiagnostics diagnostics(LiveDiagnostics live) {
    ConvergenceDiagnostics d = live.energy().values();
    org.ebmsim.proto.v1.ConvergenceDiagnostics.Builder b = org.ebmsim.proto.v1.ConvergenceDiagnostics.newBuilder()
        .setSplitRHat(d.splitRHat()).setEffectiveSampleSize(d.effectiveSampleSize())
        .setAutocorrelationSweeps(live.energy().autocorrelationSweeps()).setChains(d.chains()).setPoints(d.length())
        .setSinceSweep(live.sinceSweep());
    for (LiveDiagnostics.Observable o : live.overlaps()) {
      b.addObservables(ObservableDiagnostics.newBuilder().setName("overlap").setPattern(o.pattern())
          .setSplitRHat(o.values().splitRHat()).setEffectiveSampleSize(o.values().effectiveSampleSize())
          .setAutocorrelationSweeps(o.autocorrelationSweeps()).setMean(o.mean()));
    }
    return b.build();
  }

  private static AnnealResult annealResult(SessionEvent.AnnealResult r) {
    AnnealResult.Builder b = AnnealResult.newBuilder().setBest(WireStates.chain(r.best())).setSweeps(r.sweeps())
        .setFinalEnergy(stats(r.finalEnergy())).setChains(r.chains());
    for (double e : r.bestEnergies()) {
      b.addBestEnergies(e);
    }
    r.bestStates().forEach(s -> b.addBestPerChain(WireStates.chain(s)));
    r.finalStates().forEach(s -> b.addFinalStates(WireStates.state(s)));
    return b.build();
  }

  private static CompleteProgress completeProgress(SessionEvent.CompletionProgress p) {
    CompleteProgress.Builder b = CompleteProgress.newBuilder().setSweep(p.sweep()).setTotalSweeps(p.totalSweeps())
        .setEnergy(p.meanEnergy()).setHammingToCue(p.hammingToCue()).setTemperature(p.temperature())
        .setFlipRate(p.flipRate());
    for (double m : p.overlaps()) {
      b.addOverlaps(m);
    }
    for (double w : p.patternWeights()) {
      b.addPatternWeights(w);
    }
    if (p.diagnostics() != null) {
      b.setDiagnostics(diagnostics(p.diagnostics()));
    }
    return b.build();
  }

  private static CompleteResult completeResult(SessionEvent.CompletionResult r) {
    CompleteResult.Builder b = CompleteResult.newBuilder().setCompleted(WireStates.state(r.completed()))
        .setBestPattern(r.bestPattern()).setBestOverlap(r.bestOverlap()).setBestIsMirror(r.bestIsMirror())
        .setEnergy(r.energy()).setSweeps(r.sweeps()).setConverged(r.converged()).setHammingToCue(r.hammingToCue())
        .setCue(WireStates.state(r.cue()));
    for (double q : r.unitMeans()) {
      b.addUnitMeans(q);
    }
    for (double m : r.overlaps()) {
      b.addOverlaps(m);
    }
    for (boolean k : r.known()) {
      b.addKnown(k);
    }
    for (double w : r.patternWeights()) {
      b.addPatternWeights(w);
    }
    return b.build();
  }

  private static AisProgress aisProgress(SessionEvent.PartitionProgress p) {
    boolean has = Double.isFinite(p.logPartition());
    AisProgress.Builder b = AisProgress.newBuilder().setStep(p.step()).setTotalSteps(p.totalSteps())
        .setBeta(p.beta()).setLogZ(has ? p.logPartition() : 0).setHasLogZ(has).setStdError(finite(p.standardError()))
        .setEffectiveSampleSize(p.effectiveSampleSize()).setDirection(p.direction().name());
    for (double w : p.logWeights()) {
      b.addLogWeights(w);
    }
    return b.build();
  }

  private static PartitionFunctionResult aisResult(SessionEvent.PartitionResult r) {
    AisEstimate f = r.forward();
    PartitionFunctionResult.Builder b = PartitionFunctionResult.newBuilder()
        .setLogZ(f.logPartitionVisible()).setStdError(finite(f.standardError()))
        .setEffectiveSampleSize(f.effectiveSampleSize()).setChains(f.chains())
        .setLogZJoint(f.logPartitionJoint()).setLogZVisible(f.logPartitionVisible());
    if (r.logLikelihood() != null) {
      b.setHasLogLikelihood(true).setMeanLogLikelihood(r.logLikelihood().mean())
          .setLogLikelihoodStdError(finite(r.logLikelihood().standardError()))
          .setLogLikelihoodDataStdError(r.logLikelihood().dataStandardError());
    }
    if (r.reverse() != null) {
      b.setHasReverse(true).setReverseLogZ(r.reverse().logPartitionVisible())
          .setReverseStdError(finite(r.reverse().standardError()));
    }
    return b.build();
  }

  /** A standard error of one chain is undefined; the wire carries 0 rather than NaN. */
  private static double finite(double x) {
    return Double.isFinite(x) ? x : 0;
  }

  static org.ebmsim.proto.v1.SessionState state(org.ebmsim.actor.registry.SessionState s) {
    return switch (s) {
      case RUNNING -> org.ebmsim.proto.v1.SessionState.RUNNING;
      case PAUSED -> org.ebmsim.proto.v1.SessionState.PAUSED;
      case FINISHED -> org.ebmsim.proto.v1.SessionState.FINISHED;
      case STOPPED -> org.ebmsim.proto.v1.SessionState.STOPPED;
      case FAILED -> org.ebmsim.proto.v1.SessionState.FAILED;
    };
  }

  /** The wire view of a session record, with its result when {@code withResult}. */
  static Session session(SessionRecord record, boolean withResult) {
    SessionRecord.View v = record.view();
    SessionInfo info = v.info();
    Session.Builder b = Session.newBuilder().setId(info.id()).setKind(info.kind()).setModelId(info.modelId())
        .setModelVersion(info.modelVersion()).setState(state(v.state())).setOwnerAttached(v.ownerAttached())
        .setDetached(info.detached()).setChains(info.chains()).setDone(v.done()).setTotal(info.total())
        .setTemperature(Double.isFinite(v.temperature()) ? v.temperature() : 0).setObservers(v.observers())
        .setStartedUnixMs(info.startedMillis()).setEndedUnixMs(v.endedMillis()).setReason(v.reason());
    if (v.energy() != null) {
      b.setEnergy(stats(v.energy()));
    }
    v.steering().forEach(s -> b.addSteering(steered(s)));
    if (withResult && v.result() != null) {
      SessionEvent r = v.result();
      if (r instanceof SessionEvent.AnnealResult a) {
        b.setAnneal(annealResult(a));
      } else if (r instanceof SessionEvent.CompletionResult c) {
        b.setComplete(completeResult(c));
      } else if (r instanceof SessionEvent.PartitionResult p) {
        b.setPartitionFunction(aisResult(p));
      } else if (r instanceof SessionEvent.TrainResult t) {
        b.setTrain(trainResult(t));
      } else if (r instanceof SessionEvent.HamResult h) {
        b.setHam(hamResult(h));
      } else if (r instanceof SessionEvent.TemperResult t) {
        b.setTemper(temperResult(t));
      }
    }
    return b.build();
  }

  static org.ebmsim.proto.v1.HamReport hamReport(SessionEvent.HamProgress p) {
    org.ebmsim.proto.v1.HamReport.Builder b = org.ebmsim.proto.v1.HamReport.newBuilder().setStep(p.step())
        .setEnergy(p.energy()).setMaxChange(p.maxChange());
    for (double[] x : p.states()) {
      b.addLayers(hamValues(x));
    }
    return b.build();
  }

  static org.ebmsim.proto.v1.HamResult hamResult(SessionEvent.HamResult r) {
    org.ebmsim.proto.v1.HamResult.Builder b = org.ebmsim.proto.v1.HamResult.newBuilder().setSteps(r.steps())
        .setEnergy(r.energy()).setMaxChange(r.maxChange()).setConverged(r.converged());
    for (double[] x : r.states()) {
      b.addLayers(hamValues(x));
    }
    return b.build();
  }

  private static org.ebmsim.proto.v1.HamLayerValues hamValues(double[] x) {
    org.ebmsim.proto.v1.HamLayerValues.Builder b = org.ebmsim.proto.v1.HamLayerValues.newBuilder();
    for (double v : x) {
      b.addValues((float) v);
    }
    return b.build();
  }

  static TrainEvent train(SessionEvent event) {
    TrainEvent.Builder b = TrainEvent.newBuilder();
    if (event instanceof SessionEvent.TrainProgress p) {
      b.setProgress(trainProgress(p));
    } else if (event instanceof SessionEvent.TrainResult r) {
      b.setResult(trainResult(r));
    } else {
      lifecycle(event, b::setStarted, b::setSteered, b::setPaused, b::setResumed);
    }
    return b.build();
  }

  private static SplitMetrics split(TrainingMetrics m, int rows) {
    if (m == null || rows == 0) {
      return SplitMetrics.getDefaultInstance();
    }
    return SplitMetrics.newBuilder().setRows(rows).setReconstructionError(m.reconstructionError())
        .setPseudoLogLikelihood(m.pseudoLogLikelihood()).build();
  }

  private static AisLogLikelihood ais(TrainAis a) {
    return AisLogLikelihood.newBuilder().setLogLikelihood(a.logLikelihood()).setStandardError(finite(a.standardError()))
        .setLogZ(a.logPartition()).setEffectiveSampleSize(a.effectiveSampleSize()).setChains(a.chains())
        .setSteps(a.steps()).build();
  }

  private static TrainProgress trainProgress(SessionEvent.TrainProgress p) {
    TrainProgress.Builder b = TrainProgress.newBuilder().setEpoch(p.epoch()).setBatchInEpoch(p.batchInEpoch())
        .setBatchesPerEpoch(p.batchesPerEpoch()).setBatches(p.batches()).setTotalBatches(p.totalBatches())
        .setEpochEnd(p.epochEnd()).setLearningRate(p.learningRate()).setTrain(split(p.train(), p.trainRows()))
        .setHeldOut(split(p.heldOut(), p.heldOutRows())).setModelVersion(p.version())
        .setElapsedSeconds(p.elapsedSeconds());
    if (p.ais() != null) {
      b.setAis(ais(p.ais()));
    }
    if (p.train() != null) {
      b.putAllWeightNorms(p.train().weightNorms());
    }
    p.samples().forEach(s -> b.addSamples(WireStates.chain(s)));
    return b.build();
  }

  private static TrainResult trainResult(SessionEvent.TrainResult r) {
    TrainResult.Builder b = TrainResult.newBuilder().setModelId(r.modelId()).setModelVersion(r.version())
        .setBatches(r.batches()).setEpochs(r.epochs()).setTrain(split(r.train(), r.trainRows()))
        .setHeldOut(split(r.heldOut(), r.heldOutRows()));
    if (r.ais() != null) {
      b.setAis(ais(r.ais()));
    }
    if (r.train() != null) {
      b.putAllWeightNorms(r.train().weightNorms());
    }
    return b.build();
  }
}
