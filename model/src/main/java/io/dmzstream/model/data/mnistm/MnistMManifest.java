package io.dmzstream.model.data.mnistm;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json} of a generated MNIST-M folder, written last: a folder whose manifest
 * equals the one a generation would write is complete and up to date, anything else is rebuilt.
 *
 * @param format      version of the recipe and layout below; bumped when either changes
 * @param recipe      the blend, in words
 * @param seed        seed of the photo and crop choices
 * @param size        width and height of the colour images
 * @param train       images per class 0..9 in {@code train/}
 * @param test        images per class 0..9 in {@code test/}
 * @param greyFolder  sibling folder holding the paired 28x28 grey MNIST images under the same relative paths
 * @param inputs      input file name -> sha256 (the MNIST IDX files and the photographs)
 */
public record MnistMManifest(int format, String recipe, long seed, int size, List<Integer> train, List<Integer> test,
                             String greyFolder, Map<String, String> inputs) {
    public static final String FILE = "manifest.json";

    public MnistMManifest {
        train = List.copyOf(train);
        test = List.copyOf(test);
        inputs = Collections.unmodifiableMap(new TreeMap<>(inputs)); // sorted in the file
    }
}
