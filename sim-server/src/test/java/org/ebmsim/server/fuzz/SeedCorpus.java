package org.ebmsim.server.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ebmsim.proto.v1.AisSchedule;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AdaptiveLadder;
import org.ebmsim.proto.v1.ExplicitLadder;
import org.ebmsim.proto.v1.GeometricLadder;
import org.ebmsim.proto.v1.SwapScheme;
import org.ebmsim.proto.v1.TemperLadder;
import org.ebmsim.proto.v1.TemperRequest;
import org.ebmsim.proto.v1.ClampUnits;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.CsvOptions;
import org.ebmsim.proto.v1.DatasetFormat;
import org.ebmsim.proto.v1.DatasetPatterns;
import org.ebmsim.proto.v1.DatasetSpec;
import org.ebmsim.proto.v1.DeleteDatasetRequest;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.EvaluateRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExplicitSchedule;
import org.ebmsim.proto.v1.FitProductOfExpertsRequest;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.GetDatasetRequest;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.GetServerStatusRequest;
import org.ebmsim.proto.v1.GetSessionRequest;
import org.ebmsim.proto.v1.HopfieldFromDataset;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.ListCheckpointsRequest;
import org.ebmsim.proto.v1.ListDatasetsRequest;
import org.ebmsim.proto.v1.ListFamiliesRequest;
import org.ebmsim.proto.v1.ListModelVersionsRequest;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.ListSessionsRequest;
import org.ebmsim.proto.v1.MapHopfieldToRbmRequest;
import org.ebmsim.proto.v1.MapRbmToHopfieldRequest;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.NoisyCue;
import org.ebmsim.proto.v1.PauseSessionRequest;
import org.ebmsim.proto.v1.RbmInitialisation;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.ReconstructRequest;
import org.ebmsim.proto.v1.RegisterDatasetRequest;
import org.ebmsim.proto.v1.ResumeSessionRequest;
import org.ebmsim.proto.v1.ResumeTrainingRequest;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.SteerSessionRequest;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.ebmsim.proto.v1.StorageRule;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainingMethod;
import org.ebmsim.proto.v1.UploadDatasetHeader;
import org.ebmsim.proto.v1.UploadDatasetRequest;
import org.ebmsim.proto.v1.WatchSessionRequest;

/**
 * The seed inputs of {@link RpcFuzzTest}, built with the generated builders: for every RPC a few
 * valid requests on the {@link ServerFixtures} (named by placeholder) and edge cases (unknown ids,
 * non-finite numbers, sizes above the limits). {@link SeedCorpusTest} keeps the files under
 * {@code src/test/resources/.../RpcFuzzTestInputs/fuzzEveryRpc/} equal to these, and rewrites them
 * when run with {@code -Debmsim.fuzz.write-seeds=true}. Findings of the fuzzer are saved beside
 * them under names that do not start with a service name, and are left alone.
 */
final class SeedCorpus {
  private SeedCorpus() {}

  /** File name to input bytes; names are {@code <Service>.<Method>-<what>}. */
  static Map<String, byte[]> inputs() {
    Map<String, byte[]> out = new TreeMap<>();
    // ModelService
    ServerFixtures.models().forEach((placeholder, request) ->
        oneRequest(out, "ModelService", "CreateModel", placeholder.substring(1), request));
    oneRequest(out, "ModelService", "CreateModel", "hopfield-from-dataset", CreateModelRequest.newBuilder()
        .setName("from-data").setHopfieldDataset(HopfieldFromDataset.newBuilder().setDatasetId(ServerFixtures.DATASET)
            .setRule(StorageRule.PROJECTION).setPatterns(DatasetPatterns.CLASS_MEANS)).build());
    oneRequest(out, "ModelService", "CreateModel", "rbm-pca-init", CreateModelRequest.newBuilder().setName("pca")
        .setRbm(RbmSpec.newBuilder().setVariant(RbmVariant.SPIN).setInit(RbmInitialisation.newBuilder()
            .setDatasetId(ServerFixtures.DATASET).setMethod(RbmInitialisation.Method.PCA).setHiddenUnits(2))).build());
    oneRequest(out, "ModelService", "CreateModel", "nan-weights", CreateModelRequest.newBuilder().setName("nan")
        .setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(Matrix.newBuilder().setRows(2).setCols(2)
            .addValues(0).addValues(Double.NaN).addValues(Double.NaN).addValues(0))).build());
    oneRequest(out, "ModelService", "CreateModel", "rows-overflow", CreateModelRequest.newBuilder().setName("big")
        .setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(Matrix.newBuilder().setRows(-1)
            .setCols(-1))).build());
    oneRequest(out, "ModelService", "GetModel", "parameters", GetModelRequest.newBuilder().setId("@attnbm")
        .setIncludeParameters(true).build());
    oneRequest(out, "ModelService", "GetModel", "missing-version", GetModelRequest.newBuilder().setId("@hopfield")
        .setVersion(99).build());
    oneRequest(out, "ModelService", "ListModels", "page", ListModelsRequest.newBuilder().setPageSize(2).build());
    oneRequest(out, "ModelService", "ListModels", "bad-token", ListModelsRequest.newBuilder().setPageToken("zz").build());
    oneRequest(out, "ModelService", "DeleteModel", "fixture", DeleteModelRequest.newBuilder().setId("@dense").build());
    oneRequest(out, "ModelService", "DeleteModel", "unknown", DeleteModelRequest.newBuilder()
        .setId("m-0000000000000000").build());
    oneRequest(out, "ModelService", "ListFamilies", "all", ListFamiliesRequest.getDefaultInstance());
    oneRequest(out, "ModelService", "ListModelVersions", "rbm", ListModelVersionsRequest.newBuilder().setId("@rbm").build());
    // SimulationService
    for (String model : ServerFixtures.models().keySet()) {
      oneRequest(out, "SimulationService", "Anneal", model.substring(1), AnnealRequest.newBuilder().setModelId(model)
          .setChains(3).setSeed(5).setReportEverySweeps(4).setResultStates(2)
          .setSamples(SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.BEST_ONLY).setMaxChains(2))
          .setSchedule(Schedule.newBuilder().setSweepsPerTemperature(2).setGeometric(GeometricSchedule.newBuilder()
              .setTStart(3).setTEnd(0.2).setSteps(8))).build());
      oneRequest(out, "SimulationService", "ExactSummary", model.substring(1), ExactSummaryRequest.newBuilder()
          .setModelId(model).setTemperature(0.7).setMaxGroundStates(3).build());
    }
    oneRequest(out, "SimulationService", "Anneal", "metropolis-detached", AnnealRequest.newBuilder().setModelId("@hopfield")
        .setChains(2).setDynamics(Dynamics.METROPOLIS).setDetached(true).setDiagnostics(true)
        .setSchedule(Schedule.newBuilder().setExplicit(ExplicitSchedule.newBuilder().addTemperatures(1)
            .addTemperatures(0.5))).build());
    oneRequest(out, "SimulationService", "Anneal", "nan-temperature", AnnealRequest.newBuilder().setModelId("@hopfield")
        .setChains(1).setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(Double.NaN)
            .setTEnd(1).setSteps(3))).build());
    oneRequest(out, "SimulationService", "Temper", "hopfield-nrpt", TemperRequest.newBuilder().setModelId("@hopfield")
        .setLadder(TemperLadder.newBuilder().setGeometric(GeometricLadder.newBuilder().setTMin(0.3).setTMax(3)
            .setLevels(4))).setLadders(2).setSweeps(30).setReportEverySweeps(10).setSampleLadders(1).setSeed(4).build());
    oneRequest(out, "SimulationService", "Temper", "rbm-adaptive-reversible", TemperRequest.newBuilder().setModelId("@rbm")
        .setLadder(TemperLadder.newBuilder().setAdaptive(AdaptiveLadder.newBuilder().setTMin(0.5).setTMax(2)
            .setLevels(3).setBurnInSweeps(10).setTuningRounds(2))).setScheme(SwapScheme.REVERSIBLE).setSweeps(20)
        .setSwapIntervalSweeps(2).build());
    oneRequest(out, "SimulationService", "Temper", "one-level", TemperRequest.newBuilder().setModelId("@hopfield")
        .setLadder(TemperLadder.newBuilder().setExplicit(ExplicitLadder.newBuilder().addTemperatures(1)))
        .setSweeps(10).build());
    oneRequest(out, "SimulationService", "Anneal", "too-many-chains", AnnealRequest.newBuilder().setModelId("@rbm")
        .setChains(1_000_000).build());
    oneRequest(out, "SimulationService", "Complete", "stored-pattern", CompleteRequest.newBuilder().setModelId("@hopfield")
        .setNoisy(NoisyCue.newBuilder().setStoredIndex(1).setFlipFraction(0.25)).setMode(CompletionMode.STOCHASTIC)
        .setTemperature(0.5).setSweeps(20).setAverageLast(5).setChains(2).setSeed(3).build());
    oneRequest(out, "SimulationService", "Complete", "stored-pattern-diagnostics", CompleteRequest.newBuilder()
        .setModelId("@hopfield").setNoisy(NoisyCue.newBuilder().setStoredIndex(0).setFlipFraction(0.25))
        .setMode(CompletionMode.STOCHASTIC).setTemperature(0.5).setSweeps(24).setChains(3).setSeed(4)
        .setDiagnostics(true).addDiagnosticPatterns(1).addDiagnosticPatterns(0).build());
    MaskedCue.Builder cue = MaskedCue.newBuilder();
    for (int i = 0; i < ServerFixtures.DATASET_COLS; i++) {
      cue.addValues(i % 2 == 0 ? 1 : 0).addKnown(i < 3);
    }
    oneRequest(out, "SimulationService", "Complete", "rbm-masked-annealed", CompleteRequest.newBuilder().setModelId("@rbm")
        .setMasked(cue).setMode(CompletionMode.ANNEALED).setSchedule(Schedule.newBuilder()
            .setLinear(LinearSchedule.newBuilder().setTStart(2).setTEnd(0.5).setSteps(4))).build());
    oneRequest(out, "SimulationService", "EstimatePartitionFunction", "rbm", EstimatePartitionFunctionRequest.newBuilder()
        .setModelId("@rbm").setChains(4).setSeed(2).setSchedule(AisSchedule.newBuilder().setUniformSteps(20))
        .setReportEvery(5).build());
    oneRequest(out, "SimulationService", "EstimatePartitionFunction", "dbm-dataset-reverse",
        EstimatePartitionFunctionRequest.newBuilder().setModelId("@dbm").setChains(4).setDatasetId(ServerFixtures.DATASET)
            .setReverse(true).setSchedule(AisSchedule.newBuilder().setThreeSegmentSteps(30)).build());
    oneRequest(out, "SimulationService", "Evaluate", "rbm-gradient", EvaluateRequest.newBuilder().setModelId("@rbm")
        .setRows(bits(2, ServerFixtures.DATASET_COLS)).setGradient(true).build());
    oneRequest(out, "SimulationService", "Evaluate", "rbm", EvaluateRequest.newBuilder().setModelId("@rbm")
        .setRows(bits(3, ServerFixtures.DATASET_COLS)).build());
    oneRequest(out, "SimulationService", "Evaluate", "attnbm", EvaluateRequest.newBuilder().setModelId("@attnbm")
        .setRows(ServerFixtures.matrix(2, ServerFixtures.DATASET_COLS, 0.3)).build());
    ReconstructRequest.Builder rec = ReconstructRequest.newBuilder().setModelId("@attnbm")
        .setRows(ServerFixtures.matrix(2, ServerFixtures.DATASET_COLS, 0.7));
    for (int i = 0; i < 2 * ServerFixtures.DATASET_COLS; i++) {
      rec.addKnown(i % 3 != 0);
    }
    oneRequest(out, "SimulationService", "Reconstruct", "attnbm-known", rec.build());
    // RbmService
    oneRequest(out, "RbmService", "MapHopfieldToRbm", "model", MapHopfieldToRbmRequest.newBuilder()
        .setHopfieldModelId("@hopfield").setInverseTemperature(0.5).setName("mapped").build());
    oneRequest(out, "RbmService", "MapHopfieldToRbm", "patterns", MapHopfieldToRbmRequest.newBuilder()
        .setPatterns(ServerFixtures.spins(3, 8, 5)).build());
    oneRequest(out, "RbmService", "MapRbmToHopfield", "rbm", MapRbmToHopfieldRequest.newBuilder().setRbmModelId("@gaussian-rbm")
        .setAlpha(0.5).setSteps(10).build());
    // SessionService, on the held session
    String s = ServerFixtures.SESSION;
    oneRequest(out, "SessionService", "ListSessions", "ended", ListSessionsRequest.newBuilder().setIncludeEnded(true).build());
    oneRequest(out, "SessionService", "GetSession", "held", GetSessionRequest.newBuilder().setSessionId(s).build());
    oneRequest(out, "SessionService", "GetSession", "unknown", GetSessionRequest.newBuilder()
        .setSessionId("s-0123456789abcdef").build());
    oneRequest(out, "SessionService", "WatchSession", "held", WatchSessionRequest.newBuilder().setSessionId(s).build());
    oneRequest(out, "SessionService", "StopSession", "held", StopSessionRequest.newBuilder().setSessionId(s).build());
    oneRequest(out, "SessionService", "PauseSession", "held", PauseSessionRequest.newBuilder().setSessionId(s).build());
    oneRequest(out, "SessionService", "ResumeSession", "held", ResumeSessionRequest.newBuilder().setSessionId(s).build());
    oneRequest(out, "SessionService", "SteerSession", "temperature", SteerSessionRequest.newBuilder().setSessionId(s)
        .setAction(SteerAction.newBuilder().setTemperature(0.25)).build());
    oneRequest(out, "SessionService", "SteerSession", "clamp", SteerSessionRequest.newBuilder().setSessionId(s)
        .setAction(SteerAction.newBuilder().setClamp(ClampUnits.newBuilder().setLayer("spins").addUnits(0)
            .addUnits(3).addValues(1).addValues(-1))).build());
    oneRequest(out, "SessionService", "SteerSession", "learning-rate-on-anneal", SteerSessionRequest.newBuilder()
        .setSessionId(s).setAction(SteerAction.newBuilder().setLearningRate(0.1)).build());
    // DatasetService
    byte[] csv = "1,0,1\n0,1,1\n1,1,0\n0,0,1\n".getBytes(StandardCharsets.US_ASCII);
    DatasetSpec csvSpec = DatasetSpec.newBuilder().setName("up").setFormat(DatasetFormat.DATASET_FORMAT_CSV)
        .setCsv(CsvOptions.newBuilder().setLabelColumn(-1)).build();
    streaming(out, "DatasetService", "UploadDataset", "csv-two-chunks", List.of(
        UploadDatasetRequest.newBuilder().setHeader(UploadDatasetHeader.newBuilder().setSpec(csvSpec)
            .setDataBytes(csv.length).setSha256(ByteString.copyFrom(sha256(csv)))).build(),
        UploadDatasetRequest.newBuilder().setChunk(ByteString.copyFrom(csv, 0, 7)).build(),
        UploadDatasetRequest.newBuilder().setChunk(ByteString.copyFrom(csv, 7, csv.length - 7)).build()));
    streaming(out, "DatasetService", "UploadDataset", "short", List.of(
        UploadDatasetRequest.newBuilder().setHeader(UploadDatasetHeader.newBuilder().setSpec(csvSpec)
            .setDataBytes(1000)).build(),
        UploadDatasetRequest.newBuilder().setChunk(ByteString.copyFrom(csv)).build()));
    streaming(out, "DatasetService", "UploadDataset", "no-header", List.of(
        UploadDatasetRequest.newBuilder().setChunk(ByteString.copyFrom(csv)).build()));
    oneRequest(out, "DatasetService", "RegisterDataset", "fixture-file", ServerFixtures.registerDataset());
    oneRequest(out, "DatasetService", "RegisterDataset", "outside-root", RegisterDatasetRequest.newBuilder()
        .setDataPath("../data/models").setSpec(csvSpec).build());
    oneRequest(out, "DatasetService", "GetDataset", "preview", GetDatasetRequest.newBuilder()
        .setId(ServerFixtures.DATASET).setPreviewRows(3).build());
    oneRequest(out, "DatasetService", "ListDatasets", "page", ListDatasetsRequest.newBuilder().setPageSize(1).build());
    oneRequest(out, "DatasetService", "DeleteDataset", "fixture", DeleteDatasetRequest.newBuilder()
        .setId(ServerFixtures.DATASET).build());
    // TrainingService
    oneRequest(out, "TrainingService", "Train", "rbm-cd", TrainRequest.newBuilder().setModelId("@rbm")
        .setDatasetId(ServerFixtures.DATASET).setMethod(TrainingMethod.CD).setGibbsSteps(1).setBatchSize(4)
        .setEpochs(2).setLearningRate(LearningRate.newBuilder().setInitial(0.05)).setSeed(1)
        .setCheckpointEveryBatches(1).setKeepCheckpoints(1).build());
    oneRequest(out, "TrainingService", "Train", "dbm-pcd-detached", TrainRequest.newBuilder().setModelId("@dbm")
        .setDatasetId(ServerFixtures.DATASET).setMethod(TrainingMethod.PCD).setPersistentChains(4).setEpochs(1)
        .setLearningRate(LearningRate.newBuilder().setInitial(0.01))
        .setDetached(true).build());
    oneRequest(out, "TrainingService", "ResumeTraining", "unknown", ResumeTrainingRequest.newBuilder()
        .setSessionId("s-0000000000000001").build());
    oneRequest(out, "TrainingService", "ListCheckpoints", "all", ListCheckpointsRequest.getDefaultInstance());
    oneRequest(out, "TrainingService", "FitProductOfExperts", "dataset", FitProductOfExpertsRequest.newBuilder()
        .setDatasetId(ServerFixtures.DATASET).setStart(FitProductOfExpertsRequest.Start.RANDOM).setHiddenUnits(2).setEpochs(2).setBatchSize(4).setSeed(1).build());
    // ServerService
    oneRequest(out, "ServerService", "GetServerStatus", "status", GetServerStatusRequest.getDefaultInstance());
    // HamService: 3 tanh → 2 softmax units, a clamped cue; and the same with Langevin noise
    org.ebmsim.proto.v1.RunHamRequest.Builder ham = org.ebmsim.proto.v1.RunHamRequest.newBuilder()
        .addLayers(org.ebmsim.proto.v1.HamLayerSpec.newBuilder().setUnits(3)
            .setLagrangian(org.ebmsim.proto.v1.HamLagrangian.HAM_TANH).setBeta(1))
        .addLayers(org.ebmsim.proto.v1.HamLayerSpec.newBuilder().setUnits(2)
            .setLagrangian(org.ebmsim.proto.v1.HamLagrangian.HAM_SOFTMAX).setBeta(2))
        .addSynapses(org.ebmsim.proto.v1.HamSynapseSpec.newBuilder().setDense(org.ebmsim.proto.v1.HamDenseSynapse
            .newBuilder().addWeights(0.5).addWeights(-0.2).addWeights(0.1).addWeights(0.3).addWeights(0.4)
            .addWeights(-0.6)))
        .addCue(org.ebmsim.proto.v1.HamLayerCue.newBuilder().setLayer(0).addState(1).addState(-1).addState(0.5)
            .addClampedUnits(0))
        .setMethod(org.ebmsim.proto.v1.HamStepMethod.HAM_EULER).setDt(0.1).setSteps(20).setReportEvery(5);
    oneRequest(out, "HamService", "RunHam", "tanh-softmax", ham.build());
    oneRequest(out, "HamService", "RunHam", "identity-langevin", org.ebmsim.proto.v1.RunHamRequest.newBuilder()
        .addLayers(org.ebmsim.proto.v1.HamLayerSpec.newBuilder().setUnits(2)
            .setLagrangian(org.ebmsim.proto.v1.HamLagrangian.HAM_IDENTITY))
        .addLayers(org.ebmsim.proto.v1.HamLayerSpec.newBuilder().setUnits(1)
            .setLagrangian(org.ebmsim.proto.v1.HamLagrangian.HAM_IDENTITY))
        .addSynapses(org.ebmsim.proto.v1.HamSynapseSpec.newBuilder().setDense(org.ebmsim.proto.v1.HamDenseSynapse
            .newBuilder().addWeights(0.3).addWeights(-0.2)))
        .setDt(0.05).setSteps(50).setReportEvery(10).setTemperature(0.5).setSeed(7).build());
    return out;
  }

  private static void oneRequest(Map<String, byte[]> out, String service, String method, String what, Message request) {
    put(out, service, method, what, FuzzInput.encode("ebmsim.v1." + service + "/" + method, List.of(request), false));
  }

  private static void streaming(Map<String, byte[]> out, String service, String method, String what,
      List<? extends Message> requests) {
    put(out, service, method, what, FuzzInput.encode("ebmsim.v1." + service + "/" + method, requests, true));
  }

  private static void put(Map<String, byte[]> out, String service, String method, String what, byte[] input) {
    if (out.put(service + "." + method + "-" + what, input) != null) {
      throw new IllegalStateException("two seeds named " + service + "." + method + "-" + what);
    }
  }

  private static Matrix bits(int rows, int cols) {
    Matrix.Builder m = Matrix.newBuilder().setRows(rows).setCols(cols);
    for (int k = 0; k < rows * cols; k++) {
      m.addValues((k * 5) % 3 == 0 ? 1 : 0);
    }
    return m.build();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
