package io.dmzstream.topology.validation;

/** Width, height and channels of an image as a producer sent it. */
public record InputShape(int width, int height, int channels) {
    /** {@code WxHxC}, the form messages use. */
    @Override
    public String toString() {
        return width + "x" + height + "x" + channels;
    }
}
