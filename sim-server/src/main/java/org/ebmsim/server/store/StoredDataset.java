package org.ebmsim.server.store;

import org.ebmsim.data.Dataset;
import org.ebmsim.proto.v1.DatasetFormat;
import org.ebmsim.proto.v1.DatasetSplit;
import org.ebmsim.proto.v1.DatasetTransforms;

/**
 * A stored dataset: what the store knows of it and its (transformed) rows.
 *
 * @param format the format of the file it was read from
 * @param transforms the transforms its values went through when it was stored
 * @param split how its held-out rows were drawn
 * @param storedBytes bytes of its file (counted against the dataset byte limit)
 * @param heldBytes bytes charged to the memory budget for it
 */
public record StoredDataset(String id, String name, long createdMillis, DatasetFormat format,
    DatasetTransforms transforms, DatasetSplit split, Dataset data, long storedBytes, long heldBytes) {}
