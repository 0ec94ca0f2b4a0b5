"""Issue 16 §5: owing property fees or maintenance fund is no longer a statutory condition.

The current 《上海市住宅物业管理规定》第二十条第二款 lists 损坏房屋主体和承重结构、违法搭建、破坏房屋外貌、擅自改变
物业使用性质、违法出租房屋以及不执行业主大会、业主委员会决定 and no fee-arrears ground; the rules of procedure
may add it. A recruitment whose candidates were already checked for arrears keeps that check: the
condition becomes one of its own (an `extra:` condition, with the basis it was checked on), and
each check is moved to its key, so no verdict changes. Candidates checked before the new ground
(不执行业主大会、业主委员会决定) show it as not yet checked.
"""

from django.db import migrations

ARREARS = "无欠交物业服务费或专项维修资金且未改正的情形"
BASIS = "（依据：换届开始时按《上海市住宅物业管理规定》第二十条原文本作为法定条件审查）"


def fees_to_extra(apps, schema_editor):
    Recruitment = apps.get_model("candidates", "Recruitment")
    EligibilityCheck = apps.get_model("candidates", "EligibilityCheck")
    for recruitment in Recruitment.objects.filter(candidates__checks__condition="fees_owed").distinct():
        extra = list(recruitment.extra_conditions)
        extra.append(ARREARS + BASIS)
        recruitment.extra_conditions = extra
        recruitment.save(update_fields=["extra_conditions"])
        EligibilityCheck.objects.filter(candidate__recruitment=recruitment, condition="fees_owed") \
            .update(condition=f"extra:{len(extra)}")


def extra_to_fees(apps, schema_editor):
    Recruitment = apps.get_model("candidates", "Recruitment")
    EligibilityCheck = apps.get_model("candidates", "EligibilityCheck")
    for recruitment in Recruitment.objects.all():
        extra = list(recruitment.extra_conditions)
        if extra and extra[-1] == ARREARS + BASIS:
            EligibilityCheck.objects.filter(candidate__recruitment=recruitment, condition=f"extra:{len(extra)}") \
                .update(condition="fees_owed")
            recruitment.extra_conditions = extra[:-1]
            recruitment.save(update_fields=["extra_conditions"])


class Migration(migrations.Migration):

    dependencies = [
        ("candidates", "0006_chinese_names"),
    ]

    operations = [
        migrations.RunPython(fees_to_extra, extra_to_fees),
    ]
