package org.ebmsim.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebmsim.proto.v1.ImageShape;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --image HxW} (height × width, e.g. {@code 28x28}). */
final class ImageShapeOption implements ITypeConverter<ImageShape> {
  private static final Pattern FORM = Pattern.compile("\\s*(\\d+)\\s*[xX×*]\\s*(\\d+)\\s*");

  @Override
  public ImageShape convert(String value) {
    return parse(value);
  }

  static ImageShape parse(String value) {
    Matcher m = FORM.matcher(value);
    if (!m.matches()) {
      throw new TypeConversionException("invalid image shape '" + value + "': use HxW, e.g. 28x28");
    }
    int h;
    int w;
    try {
      h = Integer.parseInt(m.group(1));
      w = Integer.parseInt(m.group(2));
    } catch (NumberFormatException e) {
      throw new TypeConversionException("invalid image shape '" + value + "': numbers too large");
    }
    if (h < 1 || w < 1) {
      throw new TypeConversionException("invalid image shape '" + value + "': height and width must be ≥ 1");
    }
    return ImageShape.newBuilder().setHeight(h).setWidth(w).build();
  }
}
